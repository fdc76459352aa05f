import type { AdminLimits } from './admin-limits.js';
import type { NamedToken } from './admin-tokens.js';
import type { FleetConfig } from './fleet-config.js';

/** The API's configuration, read from the environment and validated once at boot (see load-config.ts). */
export interface AppConfig {
  /** `NODE_ENV` (`development` unless set). */
  nodeEnv: 'development' | 'production' | 'test';
  /** `PORT`: traffic port (default 3000; 0 picks a free port). */
  port: number;
  /** `ADMIN_PORT`: admin port (default 3001; 0 picks a free port). */
  adminPort: number;
  /** `HOST`: address both servers bind (default `0.0.0.0`). */
  host: string;
  /** `DATABASE_URL`; null means embedded Postgres under `dataDir`. */
  databaseUrl: string | null;
  /** `DATA_DIR`: embedded Postgres data and the spool file (default `.data`). */
  dataDir: string;
  /** `ADMIN_TOKEN`; generated in development when unset (`adminTokenGenerated` true). */
  adminToken: string;
  adminTokenGenerated: boolean;
  /** `ADMIN_TOKENS`: named tokens with roles (`name:role:token`, comma-separated); `ADMIN_TOKEN` is one more operator. */
  adminTokens: NamedToken[];
  /** Per-address limits of failed authentications, admin reads and live-feed connections. */
  adminLimits: AdminLimits;
  /** Where a generated development token is kept across restarts (`DATA_DIR/admin-token`), if it could be written. */
  adminTokenFile?: string;
  /** `DRAIN_DEADLINE_MS` (default 30000). */
  drainDeadlineMs: number;
  /** `DRAIN_LB_DELAY_MS` (default 0). */
  drainLbDelayMs: number;
  /** `DRAIN_GRACE_PERIOD_MS`: the orchestrator's grace period (e.g. terminationGracePeriodSeconds x 1000); null when unset. */
  drainGracePeriodMs: number | null;
  /** `DRAIN_HOOK_TIMEOUT_MS`: budget of one application shutdown hook (default 5000). */
  drainHookTimeoutMs: number;
  /** `INSTANCE_ID` (default `${hostname}-${pid}`). */
  instanceId: string;
  /** `DEMO_JOB_INTERVAL_MS`: period of the demo background job (default 5000; 0 disables it). */
  demoJobIntervalMs: number;
  /** `LOG_LEVEL`: `error` | `warn` | `log` | `debug` (default `log`). */
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** `FLEET_*`: min-ready guard, heartbeat and command timeouts (see fleet-config.ts). */
  fleet: FleetConfig;
}

/** Injection token of the validated `AppConfig`. */
export const APP_CONFIG = Symbol.for('drainboard.app-config');
