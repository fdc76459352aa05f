import { Injectable } from '@nestjs/common';

import { PrismaService } from '../../shared/database/prisma.service.js';

/** The one query of the health checks: a round trip to Postgres. */
@Injectable()
export class DatabasePingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Resolves once Postgres has answered `SELECT 1`. */
  async ping(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }
}
