import type { AppConfig } from '../../src/shared/config/app-config.js';
import { DEFAULT_FLEET_CONFIG } from '../../src/shared/config/fleet-config.js';

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
    drainGracePeriodMs: null,
    drainHookTimeoutMs: 5000,
    instanceId: 'test-instance',
    demoJobIntervalMs: 0,
    logLevel: 'error',
    fleet: DEFAULT_FLEET_CONFIG,
    ...overrides,
  };
}
