import type { AppConfig } from '../../src/config/app-config.js';

/** A full `AppConfig` for tests. */
export function testConfig(overrides: Partial<AppConfig>): AppConfig {
  return {
    nodeEnv: 'test',
    port: 0,
    adminPort: 0,
    host: '127.0.0.1',
    databaseUrl: null,
    dataDir: '.data',
    adminToken: 'test-token',
    adminTokenGenerated: false,
    adminTokens: [],
    adminLimits: { authFailuresPerMinute: 20, adminReadsPerMinute: 3000, liveConnectionsPerAddress: 20 },
    drainDeadlineMs: 30_000,
    drainLbDelayMs: 0,
    instanceId: 'test-instance',
    demoJobIntervalMs: 0,
    logLevel: 'error',
    ...overrides,
  };
}
