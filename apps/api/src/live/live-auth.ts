import { createHash, timingSafeEqual } from 'node:crypto';
import { LIVE_CONNECT_ERRORS, LIVE_PROTOCOL_VERSION, type LiveConnectError } from '@drainboard/contracts';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks a live-feed handshake `auth` payload against the admin token (constant-time: both sides are hashed to
 * equal-length digests first). Returns null when accepted, else the `connect_error` message to send.
 *
 * Tokens are static: the admin token lives as long as the process. A rotated token (the process restarted with a
 * new ADMIN_TOKEN) makes the old value invalid; there is no separate expiry.
 */
export function checkLiveAuth(auth: unknown, adminToken: string): LiveConnectError | null {
  const fields = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>) : {};
  const { token, protocolVersion } = fields;
  if (typeof token !== 'string' || token.length === 0) return LIVE_CONNECT_ERRORS.TOKEN_MISSING;
  if (!timingSafeEqual(digest(token), digest(adminToken))) return LIVE_CONNECT_ERRORS.TOKEN_INVALID;
  if (protocolVersion !== LIVE_PROTOCOL_VERSION) return LIVE_CONNECT_ERRORS.PROTOCOL_MISMATCH;
  return null;
}
