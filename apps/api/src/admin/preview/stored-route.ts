import type { StoredRoute } from './route-durations.js';

/** Stored summaries older than this are neither loaded nor kept (pruned at each save). */
export const HISTORY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Rows kept in `route_durations` at most (the most recently updated; the rest is pruned at each save). */
export const MAX_STORED_ROUTES = 1000;
/** Longest route stored (longer ones are raw paths nobody estimates from). */
export const MAX_STORED_ROUTE_LENGTH = 512;
/** Longest duration taken from a stored row (a day); a row with a longer one is malformed. */
export const MAX_STORED_DURATION_MS = 24 * 60 * 60 * 1000;

/** A `route_durations` row as read, before it is trusted. */
export interface RouteDurationRow {
  route: string;
  updatedAt: Date;
  durationsMs: unknown;
}

/**
 * The row as a StoredRoute, or null when it cannot be trusted: older than `maxAgeMs` at `now`, a route that is
 * empty or too long, or durations that are not a non-empty array of whole ms between 0 and a day. At most
 * `window` durations are kept (the newest: the array is oldest first).
 */
export function parseStoredRoute(
  row: RouteDurationRow,
  now: number,
  window: number,
  maxAgeMs = HISTORY_MAX_AGE_MS,
): StoredRoute | null {
  const updated = row.updatedAt.getTime();
  if (!Number.isFinite(updated) || now - updated > maxAgeMs) {
    return null;
  }
  if (row.route.length === 0 || row.route.length > MAX_STORED_ROUTE_LENGTH) {
    return null;
  }
  const values = row.durationsMs;
  if (!Array.isArray(values) || values.length === 0) {
    return null;
  }
  const valid = values.every(
    (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_STORED_DURATION_MS,
  );
  if (!valid) {
    return null;
  }
  return { route: row.route, durations: (values as number[]).slice(-window), updatedAt: row.updatedAt.toISOString() };
}
