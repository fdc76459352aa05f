import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Header carrying the request id, in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** An incoming id is kept only if it looks like one (it ends up in logs: no spaces, quotes or control characters). */
const ACCEPTED_ID = /^[\w.:@+/=-]{1,128}$/;

/**
 * The id of a traffic request: the caller's `x-request-id` when it has one that is safe to log (a load
 * balancer or an upstream service set it), else a new UUID. Sent back in the response's `x-request-id`.
 */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
  if (!res.headersSent) {
    res.setHeader(REQUEST_ID_HEADER, id);
  }
  return id;
}
