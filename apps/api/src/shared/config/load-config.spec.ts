import { resolve } from 'node:path';

import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const PROD_TOKEN = 'prod-token-0123456789';

function issuesOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.issues.map((issue) => issue.variable);
    }
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      adminPort: 3001,
      host: '0.0.0.0',
      databaseUrl: null,
      dataDir: resolve('.data'),
      adminTokenGenerated: true,
      drainDeadlineMs: 30000,
      drainLbDelayMs: 0,
      drainGracePeriodMs: null,
      drainHookTimeoutMs: 5000,
      demoJobIntervalMs: 5000,
      logLevel: 'log',
    });
    expect(config.instanceId).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('generates a different random admin token on each boot in development', () => {
    const first = loadConfig({}).adminToken;
    const second = loadConfig({}).adminToken;
    expect(first).toMatch(/^[\w-]{32}$/);
    expect(second).not.toBe(first);
  });

  it.each([
    ['PORT', '0', { port: 0 }],
    ['PORT', '65535', { port: 65535 }],
    ['ADMIN_PORT', '9001', { adminPort: 9001 }],
    ['HOST', '127.0.0.1', { host: '127.0.0.1' }],
    ['HOST', '::1', { host: '::1' }],
    [
      'DATABASE_URL',
      'postgres://u:p@db:5432/drainboard',
      { databaseUrl: 'postgres://u:p@db:5432/drainboard' },
    ],
    ['DATABASE_URL', 'postgresql://localhost/x', { databaseUrl: 'postgresql://localhost/x' }],
    ['DATABASE_URL', '', { databaseUrl: null }],
    ['DATA_DIR', '/var/lib/drainboard', { dataDir: '/var/lib/drainboard' }],
    ['ADMIN_TOKEN', 'abc', { adminToken: 'abc', adminTokenGenerated: false }],
    ['DRAIN_DEADLINE_MS', '1', { drainDeadlineMs: 1 }],
    ['DRAIN_DEADLINE_MS', '3600000', { drainDeadlineMs: 3600000 }],
    ['DRAIN_LB_DELAY_MS', '5000', { drainLbDelayMs: 5000 }],
    ['DRAIN_GRACE_PERIOD_MS', '30000', { drainGracePeriodMs: 30000 }],
    ['DRAIN_HOOK_TIMEOUT_MS', '2000', { drainHookTimeoutMs: 2000 }],
    ['INSTANCE_ID', 'api-7f9c:1', { instanceId: 'api-7f9c:1' }],
    ['DEMO_JOB_INTERVAL_MS', '0', { demoJobIntervalMs: 0 }],
    ['DEMO_JOB_INTERVAL_MS', '100', { demoJobIntervalMs: 100 }],
    ['LOG_LEVEL', 'debug', { logLevel: 'debug' }],
    ['NODE_ENV', 'test', { nodeEnv: 'test' }],
    ['PORT', ' 8080 ', { port: 8080 }],
  ])('accepts %s=%j', (variable, value, expected) => {
    expect(loadConfig({ [variable]: value })).toMatchObject(expected);
  });

  it.each([
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '80a'],
    ['PORT', '3e3'],
    ['PORT', '1.5'],
    ['ADMIN_PORT', 'http'],
    ['HOST', 'http://example.com'],
    ['DATABASE_URL', 'mysql://u:p@db/x'],
    ['DATABASE_URL', 'not a url'],
    ['ADMIN_TOKEN', 'has space'],
    ['DRAIN_DEADLINE_MS', '0'],
    ['DRAIN_DEADLINE_MS', '3600001'],
    ['DRAIN_DEADLINE_MS', '30s'],
    ['DRAIN_LB_DELAY_MS', '-5'],
    ['DRAIN_LB_DELAY_MS', '30000'],
    ['DRAIN_GRACE_PERIOD_MS', '0'],
    ['DRAIN_GRACE_PERIOD_MS', '30s'],
    ['DRAIN_HOOK_TIMEOUT_MS', '0'],
    ['INSTANCE_ID', 'has space'],
    ['INSTANCE_ID', 'x'.repeat(129)],
    ['DEMO_JOB_INTERVAL_MS', '50'],
    ['LOG_LEVEL', 'verbose'],
    ['NODE_ENV', 'staging'],
  ])('rejects %s=%j with an error naming the variable', (variable, value) => {
    expect(issuesOf({ [variable]: value })).toEqual([variable]);
  });

  it('rejects the same port for traffic and admin, naming ADMIN_PORT', () => {
    expect(issuesOf({ PORT: '4000', ADMIN_PORT: '4000' })).toEqual(['ADMIN_PORT']);
    expect(issuesOf({ PORT: '0', ADMIN_PORT: '0' })).toEqual([]);
  });

  it('reports every invalid variable at once', () => {
    expect(issuesOf({ PORT: 'x', LOG_LEVEL: 'loud', DRAIN_DEADLINE_MS: '-1' })).toEqual([
      'PORT',
      'DRAIN_DEADLINE_MS',
      'LOG_LEVEL',
    ]);
  });

  describe('in production', () => {
    it('requires ADMIN_TOKEN', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
        'ADMIN_TOKEN: is required when NODE_ENV=production',
      );
    });

    it('rejects a token shorter than 16 characters without printing it', () => {
      const secret = 'short-secret';
      let message = '';
      try {
        loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: secret });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('ADMIN_TOKEN');
      expect(message).toContain('at least 16');
      expect(message).not.toContain(secret);
    });

    it('accepts a long enough token', () => {
      const config = loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: PROD_TOKEN });
      expect(config).toMatchObject({ adminToken: PROD_TOKEN, adminTokenGenerated: false });
    });
  });

  it('masks the password of an invalid DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(
      /DATABASE_URL: .*mysql:\/\/user:\*\*\*\*@db\/x/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).not.toThrow(/hunter2/);
  });
});
