import { Injectable, Logger } from '@nestjs/common';
import type { FleetCommand } from '@drainboard/contracts';
import type { AdminCaller } from '../drain-control/admin-caller.decorator.js';

/** One fleet command as the audit keeps it: who, what, which instance received it and which it targeted. */
export interface FleetAuditEntry {
  action: `fleet.${FleetCommand}` | 'fleet.rolling-drain.start' | 'fleet.rolling-drain.cancel';
  /** The instance whose admin API received the call. */
  receivedBy: string;
  /** The instance the command was for (null for rolling-drain calls). */
  target: string | null;
  caller: AdminCaller;
  /** HTTP status answered, and the error code when refused. */
  status: number;
  code?: string;
  at: string;
}

/**
 * Where fleet commands are audited. Today: one structured log line per command (`FleetAudit` logger). The
 * security work adds an `AuditService` with its own table; wiring it in means calling it from `record` with this
 * entry (receiving and target instance included), nothing else changes.
 */
@Injectable()
export class FleetAudit {
  private readonly logger = new Logger('FleetAudit');

  record(entry: FleetAuditEntry): void {
    this.logger.log(JSON.stringify(entry));
  }
}
