import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';

import { PrismaClient } from '../../generated/prisma/client.js';

/** Injection token of the database URL given to `DatabaseModule.forRoot`. */
export const DATABASE_URL = Symbol.for('drainboard.database-url');

/** Bounds every statement, so a dead or stuck Postgres never holds a request or the exit for long. */
export const STATEMENT_TIMEOUT_MS = 5_000;
const CONNECTION_TIMEOUT_MS = 3_000;

/**
 * The Prisma client of the API (driver adapter `pg`). Only repositories use it. It connects on init and
 * disconnects on application shutdown, after the drain run was persisted.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(DATABASE_URL) url: string) {
    super({
      adapter: new PrismaPg({
        connectionString: url,
        connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
        statement_timeout: STATEMENT_TIMEOUT_MS,
        query_timeout: STATEMENT_TIMEOUT_MS + 1_000,
        max: 5,
      }),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
