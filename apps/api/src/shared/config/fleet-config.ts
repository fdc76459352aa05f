import type { EnvReader } from './env-reader.js';

/** The fleet's settings (issue 12), read with the rest of the configuration. */
export interface FleetConfig {
  /** `FLEET_MIN_READY`: a targeted drain/stop that would leave fewer ready instances is refused (default 1). */
  minReady: number;
  /** `FLEET_HEARTBEAT_INTERVAL_MS`: period of each instance's heartbeat and of the lost-instance sweep (default 5000). */
  heartbeatIntervalMs: number;
  /** `FLEET_HEARTBEAT_TIMEOUT_MS`: no heartbeat for this long and the instance is `lost` (default 15000). */
  heartbeatTimeoutMs: number;
  /** `FLEET_COMMAND_TIMEOUT_MS`: longest wait for a targeted instance's answer before 504 (default 5000). */
  commandTimeoutMs: number;
  /** `FLEET_ADVERTISE_HOST`: host name put in the registered URLs (default: HOST, or the machine's host name). */
  advertiseHost: string | null;
}

/** The fleet variables, for `CONFIG_VARIABLES`. */
export const FLEET_VARIABLES = [
  'FLEET_MIN_READY',
  'FLEET_HEARTBEAT_INTERVAL_MS',
  'FLEET_HEARTBEAT_TIMEOUT_MS',
  'FLEET_COMMAND_TIMEOUT_MS',
  'FLEET_ADVERTISE_HOST',
] as const;

/** The defaults, as documented in the README. */
export const DEFAULT_FLEET_CONFIG: FleetConfig = {
  minReady: 1,
  heartbeatIntervalMs: 5000,
  heartbeatTimeoutMs: 15_000,
  commandTimeoutMs: 5000,
  advertiseHost: null,
};

/** Reads the fleet variables; the timeout must cover at least two heartbeats, so one late beat is not a loss. */
export function readFleetConfig(reader: EnvReader): FleetConfig {
  const defaults = DEFAULT_FLEET_CONFIG;
  const heartbeatIntervalMs = reader.int('FLEET_HEARTBEAT_INTERVAL_MS', defaults.heartbeatIntervalMs, {
    min: 100,
    max: 600_000,
  });
  const heartbeatTimeoutMs = reader.int('FLEET_HEARTBEAT_TIMEOUT_MS', defaults.heartbeatTimeoutMs, {
    min: 200,
    max: 3_600_000,
  });
  if (heartbeatTimeoutMs < 2 * heartbeatIntervalMs) {
    reader.fail(
      'FLEET_HEARTBEAT_TIMEOUT_MS',
      `must be at least twice FLEET_HEARTBEAT_INTERVAL_MS (${heartbeatIntervalMs}) (got "${heartbeatTimeoutMs}")`,
    );
  }
  const advertiseHost = reader.raw('FLEET_ADVERTISE_HOST') ?? null;
  if (advertiseHost !== null && !/^[\w.:-]{1,253}$/.test(advertiseHost)) {
    reader.fail(
      'FLEET_ADVERTISE_HOST',
      `must be a host name or IP address (got "${advertiseHost.slice(0, 40)}")`,
    );
  }
  return {
    minReady: reader.int('FLEET_MIN_READY', defaults.minReady, { min: 0, max: 10_000 }),
    heartbeatIntervalMs,
    heartbeatTimeoutMs,
    commandTimeoutMs: reader.int('FLEET_COMMAND_TIMEOUT_MS', defaults.commandTimeoutMs, {
      min: 100,
      max: 120_000,
    }),
    advertiseHost,
  };
}
