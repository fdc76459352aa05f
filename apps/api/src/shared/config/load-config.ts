import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

import { MAX_DEADLINE_MS } from '@drainboard/contracts';

import { ADMIN_LIMIT_VARIABLES, readAdminLimits } from './admin-limits.js';
import { MIN_PRODUCTION_TOKEN_LENGTH, readNamedTokens } from './admin-tokens.js';
import type { AppConfig } from './app-config.js';
import { ConfigError, maskSecret, maskUrl } from './config-error.js';
import { EnvReader } from './env-reader.js';
import { FLEET_VARIABLES, readFleetConfig } from './fleet-config.js';

/** Every environment variable the API reads (documented in the README). */
export const CONFIG_VARIABLES = [
  'NODE_ENV',
  'PORT',
  'ADMIN_PORT',
  'HOST',
  'DATABASE_URL',
  'DATA_DIR',
  'ADMIN_TOKEN',
  'ADMIN_TOKENS',
  'DRAIN_DEADLINE_MS',
  'DRAIN_LB_DELAY_MS',
  'DRAIN_GRACE_PERIOD_MS',
  'DRAIN_HOOK_TIMEOUT_MS',
  'INSTANCE_ID',
  'DEMO_JOB_INTERVAL_MS',
  'LOG_LEVEL',
  ...ADMIN_LIMIT_VARIABLES,
  ...FLEET_VARIABLES,
] as const;

export { MIN_PRODUCTION_TOKEN_LENGTH } from './admin-tokens.js';

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_LEVELS = ['error', 'warn', 'log', 'debug'] as const;
const PORT_RANGE = { min: 0, max: 65535 };
const MAX_JOB_INTERVAL_MS = 86_400_000;
const MAX_GRACE_PERIOD_MS = 86_400_000;

/**
 * Reads and validates the API's configuration. This is the only place that reads the environment:
 * main.ts passes `process.env`. Throws a `ConfigError` naming every invalid variable (secrets masked).
 */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const reader = new EnvReader(env);
  const nodeEnv = reader.oneOf('NODE_ENV', 'development', NODE_ENVS);
  const ports = readPorts(reader);
  const drain = readDrainTimes(reader);
  const adminTokens = readNamedTokens(reader, nodeEnv === 'production', reader.raw('ADMIN_TOKEN'));
  const token = readAdminToken(reader, nodeEnv, reader.raw('ADMIN_TOKENS') !== undefined);
  const config: AppConfig = {
    nodeEnv,
    ...ports,
    host: reader.matching('HOST', '0.0.0.0', /^[^\s/]+$/, 'must be a host name or IP address'),
    databaseUrl: readDatabaseUrl(reader),
    dataDir: resolve(reader.raw('DATA_DIR') ?? '.data'),
    adminToken: token.value,
    adminTokenGenerated: token.generated,
    adminTokens,
    adminLimits: readAdminLimits(reader),
    ...drain,
    ...readGraceTimes(reader),
    instanceId: reader.matching(
      'INSTANCE_ID',
      `${hostname()}-${process.pid}`,
      /^[\w.:-]{1,128}$/,
      'must be 1 to 128 letters, digits, ".", "_", ":" or "-"',
    ),
    demoJobIntervalMs: readJobInterval(reader),
    logLevel: reader.oneOf('LOG_LEVEL', 'log', LOG_LEVELS),
    fleet: readFleetConfig(reader),
  };
  if (reader.issues.length > 0) {
    throw new ConfigError(reader.issues);
  }
  return config;
}

function readPorts(reader: EnvReader): Pick<AppConfig, 'port' | 'adminPort'> {
  const port = reader.int('PORT', 3000, PORT_RANGE);
  const adminPort = reader.int('ADMIN_PORT', 3001, PORT_RANGE);
  if (port !== 0 && port === adminPort) {
    reader.fail('ADMIN_PORT', `must differ from PORT (both are ${port})`);
  }
  return { port, adminPort };
}

function readDrainTimes(reader: EnvReader): Pick<AppConfig, 'drainDeadlineMs' | 'drainLbDelayMs'> {
  const drainDeadlineMs = reader.int('DRAIN_DEADLINE_MS', 30_000, { min: 1, max: MAX_DEADLINE_MS });
  const drainLbDelayMs = reader.int('DRAIN_LB_DELAY_MS', 0, { min: 0, max: MAX_DEADLINE_MS });
  if (drainLbDelayMs > 0 && drainLbDelayMs >= drainDeadlineMs) {
    reader.fail(
      'DRAIN_LB_DELAY_MS',
      `must be shorter than DRAIN_DEADLINE_MS (${drainDeadlineMs}), which also covers the delay (got "${drainLbDelayMs}")`,
    );
  }
  return { drainDeadlineMs, drainLbDelayMs };
}

/** The orchestrator's grace period (optional, checked against the drain budget) and the hooks' budget. */
function readGraceTimes(reader: EnvReader): Pick<AppConfig, 'drainGracePeriodMs' | 'drainHookTimeoutMs'> {
  const grace = reader.raw('DRAIN_GRACE_PERIOD_MS');
  return {
    drainGracePeriodMs:
      grace === undefined
        ? null
        : reader.int('DRAIN_GRACE_PERIOD_MS', 0, { min: 1, max: MAX_GRACE_PERIOD_MS }),
    drainHookTimeoutMs: reader.int('DRAIN_HOOK_TIMEOUT_MS', 5000, { min: 1, max: MAX_DEADLINE_MS }),
  };
}

function readAdminToken(
  reader: EnvReader,
  nodeEnv: AppConfig['nodeEnv'],
  hasNamedTokens: boolean,
): { value: string; generated: boolean } {
  const value = reader.raw('ADMIN_TOKEN');
  if (value === undefined) {
    // Named tokens replace the single one: nothing is generated next to them.
    if (hasNamedTokens) {
      return { value: '', generated: false };
    }
    if (nodeEnv === 'production') {
      reader.fail('ADMIN_TOKEN', 'is required when NODE_ENV=production (or set ADMIN_TOKENS)');
    }
    return { value: randomBytes(24).toString('base64url'), generated: true };
  }
  if (/\s/.test(value)) {
    reader.fail('ADMIN_TOKEN', `must not contain whitespace (got "${maskSecret(value)}")`);
  } else if (nodeEnv === 'production' && value.length < MIN_PRODUCTION_TOKEN_LENGTH) {
    reader.fail(
      'ADMIN_TOKEN',
      `must be at least ${MIN_PRODUCTION_TOKEN_LENGTH} characters when NODE_ENV=production (got "${maskSecret(value)}")`,
    );
  }
  return { value, generated: false };
}

function readDatabaseUrl(reader: EnvReader): string | null {
  const value = reader.raw('DATABASE_URL');
  if (value === undefined) {
    return null;
  }
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    reader.fail('DATABASE_URL', `must be a postgres:// or postgresql:// URL (got "${maskUrl(value)}")`);
    return null;
  }
  return value;
}

function readJobInterval(reader: EnvReader): number {
  const ms = reader.int('DEMO_JOB_INTERVAL_MS', 5000, { min: 0, max: MAX_JOB_INTERVAL_MS });
  if (ms > 0 && ms < 100) {
    reader.fail('DEMO_JOB_INTERVAL_MS', `must be 0 (off) or at least 100 (got "${ms}")`);
  }
  return ms;
}
