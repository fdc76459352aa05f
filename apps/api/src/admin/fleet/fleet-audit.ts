import { Injectable, Logger } from '@nestjs/common';

import type { FleetCommand } from '@drainboard/contracts';

import { AuditService } from '../audit/audit.service.js';
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
 * Where fleet commands are audited: one structured log line per command (`FleetAudit` logger), and a row in the
 * audit table for each command a rolling drain sends on its own. A command that came in as an HTTP call has its
 * row already: the admin app's audit trail records every mutating call with its token name and target.
 */
@Injectable()
export class FleetAudit {
  private readonly logger = new Logger('FleetAudit');

  constructor(private readonly audit: AuditService) {}

  record(entry: FleetAuditEntry): void {
    this.logger.log(JSON.stringify(entry));
    if (entry.caller.caller !== undefined) {
      return;
    }
    this.audit.record({
      actor: 'rolling-drain',
      role: 'operator',
      action: entry.action,
      target: entry.target,
      userAgent: entry.caller.userAgent ?? null,
      status: entry.status,
      code: entry.code ?? null,
      at: new Date(entry.at),
    });
  }
}
