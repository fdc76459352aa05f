import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';

/** An API process as registered in the `instances` table. */
export interface InstanceRecord {
  id: string;
  host: string;
  pid: number;
  version: string;
  startedAt: Date;
}

/** Reads and writes the `instances` table. */
@Injectable()
export class InstancesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the instance row, or refreshes it when the id is reused (e.g. a fixed `INSTANCE_ID`). */
  async register(instance: InstanceRecord): Promise<void> {
    const data = { ...instance, lastSeenAt: instance.startedAt };
    await this.prisma.instance.upsert({ where: { id: instance.id }, create: data, update: data });
  }

  /** Sets `lastSeenAt`; false when the row no longer exists. */
  async touch(id: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.instance.updateMany({ where: { id }, data: { lastSeenAt: at } });
    return count > 0;
  }

  /** The instance row, or null. */
  async find(id: string): Promise<(InstanceRecord & { lastSeenAt: Date }) | null> {
    return this.prisma.instance.findUnique({ where: { id } });
  }
}
