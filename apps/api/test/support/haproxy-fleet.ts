import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pollUntil } from '@drainboard/test-support';

import { freePort } from '../../src/shared/database/embedded-postgres.js';
import { type ApiProcess, startApi } from './api-process.js';
import { type Haproxy, type HaproxyServer, serverStatus, startHaproxy } from './haproxy.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { tearDown } from './tear-down.js';

/** Built API instances on one test database behind HAProxy (the shipped configuration, on loopback). */
export interface HaproxyFleet {
  db: TestDatabase;
  workDir: string;
  haproxy: Haproxy;
  servers: HaproxyServer[];
  /** The running instance of each server, by name. */
  apis: Map<string, ApiProcess>;
  /** Starts (again) the instance of `server`, with the fleet's environment; the caller waits for HAProxy. */
  start(server: HaproxyServer): Promise<ApiProcess>;
  /** Polls HAProxy's stats until `name`'s status passes `wanted`; resolves with it. */
  waitForStatus(name: string, wanted: (status: string) => boolean, what: string): Promise<string>;
  /** Stops HAProxy and every instance, drops the database, removes the work dir (for `afterAll`). */
  stop(): Promise<void>;
}

/**
 * Starts one instance per name (`env` gives its environment for the fleet's database; the harness adds its ports),
 * then HAProxy in front of them, and resolves once HAProxy shows every one UP.
 */
export async function startHaproxyFleet(
  names: string[],
  env: (server: HaproxyServer, databaseUrl: string) => Record<string, string>,
): Promise<HaproxyFleet> {
  const workDir = mkdtempSync(join(tmpdir(), 'drainboard-haproxy-'));
  const db = await createTestDatabase();
  const servers: HaproxyServer[] = [];
  for (const name of names) {
    servers.push({ name, trafficPort: await freePort(), adminPort: await freePort() });
  }
  const apis = new Map<string, ApiProcess>();
  const start = async (server: HaproxyServer): Promise<ApiProcess> => {
    const api = await startApi({
      env: { ...env(server, db.url), PORT: String(server.trafficPort), ADMIN_PORT: String(server.adminPort) },
    });
    apis.set(server.name, api);
    return api;
  };
  await Promise.all(servers.map(start));
  const haproxy = await startHaproxy(workDir, servers, await freePort());
  const waitForStatus = (name: string, wanted: (status: string) => boolean, what: string): Promise<string> =>
    pollUntil(
      async () => {
        const status = (await serverStatus(haproxy.statsSocket)).get(name) ?? '';
        return wanted(status) ? status : null;
      },
      { timeoutMs: 20_000, intervalMs: 50, description: `HAProxy showing ${name} ${what}` },
    );
  for (const server of servers) {
    await waitForStatus(server.name, (s) => s === 'UP', 'UP');
  }
  return {
    db,
    workDir,
    haproxy,
    servers,
    apis,
    start,
    waitForStatus,
    stop: () => tearDown({ stop: [haproxy], db, dir: workDir }),
  };
}
