import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { InstanceStateResponse } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

const START_SCRIPT = resolve(__dirname, '../../../scripts/start.mjs');
const TOKEN = 'start-script-e2e-token';

let db: TestDatabase;
let dataDir: string;
const apiPids: number[] = [];
const wrappers: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'drainboard-start-'));
});

afterAll(async () => {
  // Only if a test failed half-way: the wrapper and the API it started (its own process group).
  for (const wrapper of wrappers) {
    if (wrapper.exitCode === null && wrapper.signalCode === null) {
      wrapper.kill('SIGKILL');
    }
  }
  for (const pid of apiPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` without the build step: the wrapper, the API's traffic URL, and its output so far. */
async function startWrapper(): Promise<{
  wrapper: ChildProcess;
  trafficUrl: string;
  adminUrl: string;
  output: () => string;
}> {
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    PORT: '0',
    ADMIN_PORT: '0',
    HOST: '127.0.0.1',
    DEMO_JOB_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
    ADMIN_TOKEN: TOKEN,
  };
  const wrapper = spawn(process.execPath, [START_SCRIPT, '--no-build'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  wrappers.push(wrapper);
  let out = '';
  wrapper.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  wrapper.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const ports = await pollUntil(() => /drainboard: listening traffic=(\d+) admin=(\d+)/.exec(out), {
    timeoutMs: 30_000,
    description: 'the API listening line',
  });
  const pid = /\(pid (\d+),/.exec(out)?.[1];
  if (pid) {
    apiPids.push(Number(pid));
  }
  return {
    wrapper,
    trafficUrl: `http://127.0.0.1:${ports[1]}`,
    adminUrl: `http://127.0.0.1:${ports[2]}`,
    output: () => out,
  };
}

const exitOf = (proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((done) => proc.once('exit', (code, signal) => done({ code, signal })));

describe('npm start (scripts/start.mjs)', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'passes %s on to the API once: the in-flight request completes and the exit code comes back',
    async (signal) => {
      const { wrapper, trafficUrl, adminUrl, output } = await startWrapper();
      const exited = exitOf(wrapper);
      const slow = send(`${trafficUrl}/demo/slow?ms=800`);
      await pollUntil(async () => {
        const state = await send(`${adminUrl}/admin/state`, { token: TOKEN });
        return (state.json as InstanceStateResponse).inFlight === 1;
      });

      wrapper.kill(signal);

      expect((await slow).status).toBe(200);
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(output()).not.toMatch(/received again/);
    },
  );
});
