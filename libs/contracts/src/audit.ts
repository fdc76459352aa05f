import type { AdminRole } from './admin-role.js';

/** One mutating admin call, as `GET /admin/audit` returns it. */
export interface AuditEntry {
  /** Increasing with each row written. */
  id: string;
  /** ISO-8601 time the call was answered. */
  at: string;
  /** Name of the admin token used (`admin` for `ADMIN_TOKEN`). */
  actor: string;
  /** Role of that token. */
  role: AdminRole;
  /** Method and route, e.g. `POST /admin/drain` or `POST /admin/instances/:id/stop`. */
  action: string;
  /** The instance the call was about (this instance for its own drain, resume and stop). */
  target: string | null;
  /** The instance whose admin API received the call. */
  instanceId: string;
  /** Client address and user agent. */
  ip: string | null;
  userAgent: string | null;
  /** HTTP status of the answer, and the error code when it was refused. */
  status: number;
  code: string | null;
}

/** `GET /admin/audit?limit&before`: newest first; pass `nextBefore` as `before` for the next page. */
export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** `before` of the next page (exclusive), null on the last page. */
  nextBefore: string | null;
}

/** Entries per page of `GET /admin/audit` when `limit` is not given. */
export const AUDIT_PAGE_DEFAULT_LIMIT = 50;
/** Largest `limit` of `GET /admin/audit`. */
export const AUDIT_PAGE_MAX_LIMIT = 200;
