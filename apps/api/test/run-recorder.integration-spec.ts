import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import type { INestApplication } from '@nestjs/common';
import pg from 'pg';

import { type DrainRun, plannedStages } from '@drainboard/contracts';
import type { DrainService } from '@drainboard/drain';
import { pollUntil } from '@drainboard/test-support';

import { SPOOL_FILE_NAME } from '../src/admin/runs/run-spool.js';
import { RunsService } from '../src/admin/runs/runs.service.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { startRecorderApp, startTrafficApp, testConfig } from './support/recorder-apps.js';

const INSTANCE = 'recorder-it';

/** Starts a request that will still be running when the drain deadline cuts it off. */
function hangingRequest(port: number): Promise<string> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/demo/hang', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(`status ${res.statusCode}`));
        res.on('error', () => resolve('cut'));
      })
      .on('error', () => resolve('cut'));
  });
}

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('RunRecorder', () => {
  const apps: INestApplication[] = [];
  const dbs: TestDatabase[] = [];
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'drainboard-recorder-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0).reverse()) {
      await app.close();
    }
    for (const db of dbs.splice(0)) {
      await db.drop();
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  async function boot(db: TestDatabase, drain: DrainService): Promise<INestApplication> {
    const app = await startRecorderApp(drain, testConfig({ dataDir, instanceId: INSTANCE }), db.url);
    apps.push(app);
    return app;
  }

  async function drainWithAbortedRequest(): Promise<{
    drain: DrainService;
    run: Promise<DrainRun>;
    cut: Promise<string>;
  }> {
    const traffic = await startTrafficApp(INSTANCE);
    apps.push(traffic.app);
    const cut = hangingRequest(traffic.port);
    await pollUntil(() => traffic.drain.inFlightCount() === 1, { description: 'request in flight' });
    const run = traffic.drain.drain({
      trigger: { source: 'api', reason: 'recorder test' },
      deadlineMs: 1_500,
    }).done;
    return { drain: traffic.drain, run, cut };
  }

  it('writes the run as it happens, then every stage and the aborted request once it ends', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const traffic = await startTrafficApp(INSTANCE);
    apps.push(traffic.app);
    const admin = await boot(db, traffic.drain);
    const runs = admin.get(RunsService);
    expect(await runs.list()).toEqual({ runs: [], nextCursor: null, nextBefore: null });
    const cut = hangingRequest(traffic.port);
    await pollUntil(() => traffic.drain.inFlightCount() === 1, { description: 'request in flight' });
    const running = traffic.drain.drain({
      trigger: { source: 'api', reason: 'recorder test' },
      deadlineMs: 3_000,
    }).done;

    const during = await pollUntil(
      async () => {
        const page = await runs.list({ limit: 1 });
        const run = page.runs[0];
        return run?.stages.some((s) => s.name === 'drain-requests' && s.outcome === 'running') ? run : null;
      },
      { description: 'drain-requests recorded as running while the drain waits' },
    );
    expect(during.outcome).toBe('running');
    expect(during.stages.find((s) => s.name === 'trigger')?.outcome).toBe('ok');

    const finished = await running;
    await expect(cut).resolves.toBe('cut');
    expect(finished.outcome).toBe('aborted');
    const stored = await pollUntil(async () => {
      const run = await runs.get(finished.id);
      return run &&
        run.stages.every((s) => s.outcome !== 'running') &&
        run.stages.length === finished.stages.length
        ? run
        : null;
    });
    expect(stored).toEqual(finished);
    expect(stored.stages.map((s) => s.name)).toEqual(plannedStages('drain'));
    expect(stored.abortedRequests).toEqual([expect.objectContaining({ method: 'GET', route: '/demo/hang' })]);
    expect(finished.stages.find((s) => s.name === 'persist')?.details).toMatchObject({
      persisters: [{ name: 'postgres', outcome: 'ok' }],
    });
  });

  it('spools the run when Postgres is gone, and writes it once on the next boot however often it is replayed', async () => {
    const lost = await createTestDatabase();
    const { drain, run, cut } = await drainWithAbortedRequest();
    await boot(lost, drain);
    await lost.drop();
    const finished = await run;
    await cut;
    const spool = await readFile(path.join(dataDir, SPOOL_FILE_NAME), 'utf8');
    expect(
      spool
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { run: DrainRun }).run.id),
    ).toContain(finished.id);

    for (const app of apps.splice(0).reverse()) {
      await app.close();
    }
    const db = await createTestDatabase();
    dbs.push(db);
    await writeFile(path.join(dataDir, SPOOL_FILE_NAME), spool + spool);
    const next = await startTrafficApp(INSTANCE);
    apps.push(next.app);
    const admin = await boot(db, next.drain);
    expect(await admin.get(RunsService).get(finished.id)).toMatchObject({
      id: finished.id,
      outcome: 'aborted',
      abortedRequests: finished.abortedRequests,
    });
    expect(await readFile(path.join(dataDir, SPOOL_FILE_NAME), 'utf8')).toBe('');

    await writeFile(path.join(dataDir, SPOOL_FILE_NAME), spool);
    await admin.close();
    apps.pop();
    await boot(db, next.drain);
    expect(await count(db.url, `drain_runs WHERE id = '${finished.id}'`)).toBe(1);
    expect(await count(db.url, `drain_stages WHERE run_id = '${finished.id}'`)).toBe(finished.stages.length);
    expect(await count(db.url, `aborted_requests WHERE run_id = '${finished.id}'`)).toBe(1);
  });
});
