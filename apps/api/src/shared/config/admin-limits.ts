import type { EnvReader } from './env-reader.js';

/** Per-client-address limits of the admin port (see the README's "Security" section). */
export interface AdminLimits {
  /** `AUTH_FAILURES_PER_MINUTE`: failed authentications (HTTP and live feed) before 429 (default 20). */
  authFailuresPerMinute: number;
  /** `ADMIN_READS_PER_MINUTE`: authenticated `GET`s of the admin API before 429 (default 3000). */
  adminReadsPerMinute: number;
  /** `LIVE_CONNECTIONS_PER_ADDRESS`: open socket.io connections on the admin port (default 20). */
  liveConnectionsPerAddress: number;
}

/** Reads the `AdminLimits` variables. */
export function readAdminLimits(reader: EnvReader): AdminLimits {
  return {
    authFailuresPerMinute: reader.int('AUTH_FAILURES_PER_MINUTE', 20, { min: 1, max: 1_000_000 }),
    adminReadsPerMinute: reader.int('ADMIN_READS_PER_MINUTE', 3000, { min: 1, max: 1_000_000 }),
    liveConnectionsPerAddress: reader.int('LIVE_CONNECTIONS_PER_ADDRESS', 20, { min: 1, max: 100_000 }),
  };
}

/** The variables `readAdminLimits` reads. */
export const ADMIN_LIMIT_VARIABLES = [
  'AUTH_FAILURES_PER_MINUTE',
  'ADMIN_READS_PER_MINUTE',
  'LIVE_CONNECTIONS_PER_ADDRESS',
] as const;
