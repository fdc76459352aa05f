import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { openDatabase } from '../src/shared/database/open-database.js';
import { createEmptyDatabase } from './support/postgres.js';
import { testConfig } from './support/recorder-apps-config.js';

const apiRoot = path.resolve(__dirname, '..');
const fixture = path.join(apiRoot, 'test/fixtures/open-database.fixture.ts');

interface FixtureRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: { url: string; count: number } | null;
  stderr: string;
}

/** Runs the fixture; with `killAfterOutput`, SIGKILLs it as soon as it printed its line. */
function runFixture(dataDir: string, mode: 'write' | 'read' | 'hold'): Promise<FixtureRun> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', './test/support/register-ts.mjs', fixture, dataDir, mode],
      {
        cwd: apiRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let output: FixtureRun['output'] = null;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!output && stdout.includes('\n')) {
        output = JSON.parse(stdout.split('\n')[0]!);
        if (mode === 'hold') {
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => resolve({ code, signal, output, stderr }));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('openDatabase()', () => {
  it('with a DATABASE_URL, migrates that database and leaves the server alone on close', async () => {
    const db = await createEmptyDatabase();
    try {
      const opened = await openDatabase(testConfig({ databaseUrl: db.url }));
      await opened.close();
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM drain_runs');
      await client.end();
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await db.drop();
    }
  });

  describe('without a DATABASE_URL (embedded Postgres, real child processes)', () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'drainboard-embedded-'));
    });
    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('initialises the data directory on first boot and keeps the data on the next', async () => {
      const first = await runFixture(dataDir, 'write');
      expect(first).toMatchObject({ code: 0, output: { count: 1 } });
      expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
      const second = await runFixture(dataDir, 'read');
      expect(second).toMatchObject({ code: 0, output: { count: 1 } });
      expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    }, 60_000);

    it('boots after a killed run left its server and postmaster.pid behind', async () => {
      const killed = await runFixture(dataDir, 'hold');
      expect(killed.signal).toBe('SIGKILL');
      const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
      const orphan = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0]!, 10);
      expect(isAlive(orphan)).toBe(true);
      const next = await runFixture(dataDir, 'read');
      expect(next).toMatchObject({ code: 0, output: { count: 1 } });
      expect(isAlive(orphan)).toBe(false);
    }, 60_000);
  });
});
