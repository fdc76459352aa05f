import { Injectable } from '@nestjs/common';

import type { AdminRole, AuditEntry as AuditEntryDto } from '@drainboard/contracts';

import type { AuditEntry } from '../../generated/prisma/client.js';
import { PrismaService } from '../../shared/database/prisma.service.js';

/** A row to write: everything but the id. */
export type NewAuditRow = Omit<AuditEntry, 'id'>;

/** The API shape of a stored row. */
export function toAuditEntry(row: AuditEntry): AuditEntryDto {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actor: row.actor,
    role: row.role as AdminRole,
    action: row.action,
    target: row.target,
    instanceId: row.instanceId,
    ip: row.ip,
    userAgent: row.userAgent,
    status: row.status,
    code: row.code,
  };
}

/** Reads and writes the audit table. The only place that touches it. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(row: NewAuditRow): Promise<void> {
    await this.prisma.auditEntry.create({ data: row });
  }

  /** Newest first: at most `take` rows answered before `before` (all when null). */
  list(take: number, before: Date | null): Promise<AuditEntry[]> {
    return this.prisma.auditEntry.findMany({
      where: before ? { at: { lt: before } } : {},
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  /** Every row answered within the millisecond `at`, newest first. */
  listAt(at: Date): Promise<AuditEntry[]> {
    return this.prisma.auditEntry.findMany({ where: { at }, orderBy: { id: 'desc' } });
  }
}
