import type { IncomingMessage, ServerResponse } from 'node:http';

import { errorCodeOf } from '../../shared/common/error-body.js';
import type { AdminTokens } from '../auth/admin-tokens.service.js';
import { parseBearer } from '../auth/bearer-header.js';
import { principalOf } from '../auth/principal.js';
import type { AuditRecord, AuditService } from './audit.service.js';

/** Methods whose calls are audited. */
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_PATH = 200;

type RoutedRequest = IncomingMessage & {
  route?: { path?: unknown };
  params?: Record<string, string | undefined>;
  ip?: string;
};

/** `POST /admin/drain`, `POST /admin/instances/:id/stop`; an unknown path as sent (shortened). */
function actionOf(req: RoutedRequest): string {
  const template = typeof req.route?.path === 'string' ? req.route.path : null;
  const path = template ?? (req.url ?? '/').split('?')[0]!.slice(0, MAX_PATH);
  return `${req.method ?? 'POST'} ${path}`;
}

/** The instance a call is about: the `:id` of a fleet command, none for fleet-wide calls, else this instance. */
function targetOf(req: RoutedRequest, self: string): string | null {
  const path = typeof req.route?.path === 'string' ? req.route.path : (req.url ?? '');
  if (path.startsWith('/admin/instances/')) {
    return req.params?.id ?? null;
  }
  if (path.startsWith('/admin/fleet')) {
    return null;
  }
  return self;
}

/** Describes one finished call for the audit table, or null when it is not audited. */
export function auditRecordOf(
  req: IncomingMessage,
  res: ServerResponse,
  tokens: AdminTokens,
  instanceId: string,
): AuditRecord | null {
  if (!MUTATING.has(req.method ?? '')) {
    return null;
  }
  // Rejected before the guard ran (body too large, rate limited): the token still says who it was.
  const header = parseBearer(req.headers.authorization);
  const principal = principalOf(req) ?? (header.kind === 'token' ? tokens.identify(header.token) : null);
  // Calls without a valid token are not stored: nobody is known, and a flood of them must not fill the table.
  if (!principal) {
    return null;
  }
  const routed = req as RoutedRequest;
  const userAgent = req.headers['user-agent'];
  return {
    actor: principal.name,
    role: principal.role,
    action: actionOf(routed),
    target: targetOf(routed, instanceId),
    ip: routed.ip ?? req.socket.remoteAddress ?? null,
    userAgent: userAgent ?? null,
    status: res.statusCode,
    code: errorCodeOf(res) ?? null,
  };
}

/**
 * Express middleware, registered first on the admin app: once each response is sent, records the call in the
 * audit table when it was a mutating call made with a valid token, whatever answered it (handler, guard, body
 * parser, rate limiter).
 */
export function auditTrail(
  audit: AuditService,
  tokens: AdminTokens,
  instanceId: string,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    res.once('finish', () => {
      const record = auditRecordOf(req, res, tokens, instanceId);
      if (record) {
        audit.record(record);
      }
    });
    next();
  };
}
