import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { FleetInstance, FleetInstancesResponse } from '@drainboard/contracts';

import { type ApiProcess, startApi } from './api-process.js';

const apiRoot = path.resolve(__dirname, '../..');
const FIXTURE = path.join(apiRoot, 'test/fixtures/fleet-postgres.fixture.ts');
const START_TIMEOUT_MS = 60_000;

/** A Postgres server of its own for a fleet test, which the test can stop and start again on the same port. */
export interface FleetPostgres {
  url: string;
  /** Stops the server (fast shutdown); every connection drops. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
}

interface Running {
  child: ChildProcess;
  url: string;
  port: number;
}

// Embedded Postgres cannot load inside Jest's module system, so it runs in a child process of its own.
function runServer(dir: string, port = 0): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', './test/support/register-ts.mjs', FIXTURE, dir, String(port)],
      {
        cwd: apiRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fleet Postgres did not start: ${err}`));
    }, START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) {
        return;
      }
      clearTimeout(timer);
      const { url, port: bound } = JSON.parse(out.split('\n')[0]!) as { url: string; port: number };
      resolve({ child, url, port: bound });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fleet Postgres exited (${code}): ${err}`));
    });
  });
}

function stopServer(running: Running): Promise<void> {
  const { child } = running;
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Starts embedded Postgres in a temporary directory with the `drainboard` database migrated. */
export async function startFleetPostgres(): Promise<FleetPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'drainboard-fleet-pg-'));
  const dataDir = path.join(dir, 'pg');
  let running = await runServer(dataDir);
  const { port, url } = running;
  return {
    url,
    stop: () => stopServer(running),
    start: async () => {
      running = await runServer(dataDir, port);
    },
    destroy: async () => {
      await stopServer(running);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Environment of a fleet member: fast heartbeats so tests see `lost` within seconds. */
export function fleetEnv(
  url: string,
  instanceId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: url,
    INSTANCE_ID: instanceId,
    ADMIN_TOKEN: 'fleet-test-token-0123456789',
    FLEET_HEARTBEAT_INTERVAL_MS: '250',
    FLEET_HEARTBEAT_TIMEOUT_MS: '2000',
    FLEET_COMMAND_TIMEOUT_MS: '1500',
    DEMO_JOB_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Starts the instances in parallel (they share the database). */
export function startFleet(
  url: string,
  ids: readonly string[],
  extra: Record<string, string> = {},
): Promise<ApiProcess[]> {
  return Promise.all(ids.map((id) => startApi({ env: fleetEnv(url, id, extra) })));
}

/** `GET /admin/instances` on `api`. */
export async function listInstances(api: ApiProcess): Promise<FleetInstancesResponse> {
  const response = await fetch(`${api.adminUrl}/admin/instances`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  if (response.status !== 200) {
    throw new Error(`GET /admin/instances: ${response.status}`);
  }
  return (await response.json()) as FleetInstancesResponse;
}

/** The instance `id` as `api` lists it. */
export async function instanceSeenBy(api: ApiProcess, id: string): Promise<FleetInstance | undefined> {
  return (await listInstances(api)).instances.find((instance) => instance.id === id);
}
