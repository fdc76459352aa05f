import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';

import { type AdminRole, AUDIT_PAGE_DEFAULT_LIMIT, type AuditPage } from '@drainboard/contracts';

import { toStorableText } from '../../shared/common/storable-text.js';
import { within } from '../../shared/common/within.js';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { AuditRepository, toAuditEntry } from './audit.repository.js';

/** One audited call, as given to `AuditService.record`. */
export interface AuditRecord {
  /** Name of the admin token (`admin` for `ADMIN_TOKEN`). */
  actor: string;
  role: AdminRole;
  /** What was done, e.g. `POST /admin/drain` (method and route template). */
  action: string;
  /** The instance it was about; null when it is not about one instance (a rolling drain). */
  target: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** HTTP status of the answer, and the error code when refused. */
  status: number;
  code?: string | null;
  /** When it was answered (default now). */
  at?: Date;
}

/** Longest the shutdown waits for audit writes still in flight. */
const FLUSH_TIMEOUT_MS = 2000;
const MAX_TEXT = 512;

/** Text as stored: at most `MAX_TEXT` characters, cut first so no pair is split, then what Postgres can hold. */
const storable = (text: string | null | undefined): string | null =>
  text === null || text === undefined ? null : toStorableText(text.slice(0, MAX_TEXT));

/**
 * The audit trail: one row per mutating admin call. The admin app records every mutating HTTP call itself
 * (`auditTrail` middleware); call `record` for an action no HTTP call to this instance covers (e.g. each step of a
 * rolling drain). `record` never throws and never blocks the caller; a failed write is logged (without secrets).
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly repository: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Writes one audit row in the background; `instanceId` is this instance. */
  record(entry: AuditRecord): void {
    const write = this.repository
      .insert({
        at: entry.at ?? new Date(),
        actor: storable(entry.actor) ?? '',
        role: entry.role,
        action: storable(entry.action) ?? '',
        target: storable(entry.target),
        instanceId: this.config.instanceId,
        ip: storable(entry.ip),
        userAgent: storable(entry.userAgent),
        status: entry.status,
        code: storable(entry.code),
      })
      .catch((error: unknown) => {
        this.logger.error(`audit write failed for ${entry.action} by ${entry.actor}: ${String(error)}`);
      })
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /**
   * `GET /admin/audit`: newest first. A page never splits the calls of one millisecond: `nextBefore` is exclusive,
   * so the next page starts exactly where this one ended.
   */
  async list(query: { limit?: number; before?: string }): Promise<AuditPage> {
    const limit = query.limit ?? AUDIT_PAGE_DEFAULT_LIMIT;
    const rows = await this.repository.list(limit + 1, query.before ? new Date(query.before) : null);
    const boundary = rows[limit]?.at;
    if (!boundary) {
      return { entries: rows.map(toAuditEntry), nextBefore: null };
    }
    const before = rows.slice(0, limit).filter((row) => row.at.getTime() > boundary.getTime());
    const page = before.length > 0 ? before : await this.repository.listAt(boundary);
    const next = before.length > 0 ? boundary.getTime() + 1 : boundary.getTime();
    return { entries: page.map(toAuditEntry), nextBefore: new Date(next).toISOString() };
  }

  /** Waits (bounded) for the writes still in flight, so a stop's own audit row is not lost. */
  async beforeApplicationShutdown(): Promise<void> {
    await within(Promise.allSettled([...this.pending]), FLUSH_TIMEOUT_MS, 'audit flush timed out').catch(
      () => {
        this.logger.warn(`${this.pending.size} audit writes still pending at shutdown`);
      },
    );
  }
}
