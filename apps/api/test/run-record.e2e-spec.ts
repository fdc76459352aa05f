import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DrainRun, DrainStage, RunsPage } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { setDatabaseReachable, useTestDatabase } from './support/test-database.js';

/**
 * How far the stored stage timings may be from what the test itself measured. The drain stages end when the last
 * socket has closed, a few ms after the observer read the last response; on a busy 2-core runner signal delivery
 * and the observer's own scheduling add tens of ms, over 50 at a load average of 10. A quarter of the 700 ms being
 * measured: a recorder that lost the trigger's time or the request's wait would be off by far more.
 */
const OBSERVER_TOLERANCE_MS = 175;
/**
 * Longest the process may take to exit after its run's exit stage ended: its last writes, the database disconnect,
 * Node's exit.
 */
const EXIT_TEARDOWN_MS = 150;

const db = useTestDatabase();
const dataDirs: string[] = [];

afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const boot = (env: Record<string, string> = {}): Promise<ApiProcess> =>
  startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0', ...env } });

/** Stop runs stored since `since` (epoch ms), read back through the admin API of `api`. */
async function storedStops(api: ApiProcess, since: number): Promise<DrainRun[]> {
  const page = (await send(`${api.adminUrl}/admin/runs?limit=100`, { token: api.token })).json as RunsPage;
  return page.runs.filter((run) => run.kind === 'stop' && Date.parse(run.startedAt) >= since);
}

const stage = (run: DrainRun, name: DrainStage) => {
  const found = run.stages.find((s) => s.name === name);
  if (!found) {
    throw new Error(`run ${run.id} has no ${name} stage`);
  }
  return found;
};

describe('a stop run as stored in Postgres', () => {
  it('has stage timings that agree with an outside observer: the last response within 50 ms, the exit after the last write', async () => {
    const since = Date.now();
    const api = await boot();
    const inFlight = send(`${api.trafficUrl}/demo/slow?ms=700`).then((res) => ({
      status: res.status,
      at: performance.now(),
    }));
    await pollUntil(async () => {
      const state = await send(`${api.adminUrl}/admin/state`, { token: api.token });
      return (state.json as { inFlight: number }).inFlight === 1;
    });
    const signalledAt = performance.now();
    const stopping = api.stop('SIGTERM');
    const response = await inFlight;
    const exit = await stopping;
    expect(response.status).toBe(200);
    expect(exit.code).toBe(0);

    const again = await boot();
    const [run] = await storedStops(again, since);
    expect(run).toBeDefined();
    const trigger = Date.parse(stage(run!, 'trigger').startedAt);
    // Signal -> last response: the end of drain-requests, in the process's own high-resolution durations.
    const drainStages: DrainStage[] = ['trigger', 'unready', 'close-listener', 'drain-requests'];
    const recordedDrain = drainStages.reduce((sum, name) => sum + (stage(run!, name).durationMs ?? 0), 0);
    expect(Math.abs(recordedDrain - (response.at - signalledAt))).toBeLessThanOrEqual(OBSERVER_TOLERANCE_MS);
    // Signal -> exit: the exit stage ends once the admin app has stopped serving (its listener and live clients
    // closed), when its last writes (this run's among them) go out. What follows (those writes, the database
    // connection closing, Node's own exit) cannot be recorded in the run.
    const recordedExit = Date.parse(stage(run!, 'exit').endedAt!) - trigger;
    expect(recordedExit).toBeLessThanOrEqual(exit.ms + 1);
    expect(exit.ms - recordedExit).toBeLessThanOrEqual(EXIT_TEARDOWN_MS);
  });

  it('lands in the spool when Postgres is gone, within the deadline, and is written once on the next boot, saying so', async () => {
    const since = Date.now();
    const dataDir = mkdtempSync(join(tmpdir(), 'drainboard-spool-'));
    dataDirs.push(dataDir);
    const deadlineMs = 3000;
    const api = await boot({ DATA_DIR: dataDir, DRAIN_DEADLINE_MS: String(deadlineMs) });
    let spooledRun: DrainRun;
    await setDatabaseReachable(db, false);
    try {
      const exit = await api.stop('SIGTERM');
      expect(exit.ms).toBeLessThan(deadlineMs);
      // Saved in the spool: a clean run, exit code 0, and no talk of retrying after the fact.
      expect(exit.code).toBe(0);
      expect(api.stdout() + api.stderr()).not.toMatch(/will retry/);
      // One copy per state the run went through after Postgres failed it; the last is the whole run.
      const copies = readFileSync(join(dataDir, 'runs-spool.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { spooledAt: string; run: DrainRun });
      expect(new Set(copies.map((copy) => copy.run.id)).size).toBe(1);
      spooledRun = copies.at(-1)!.run;
      expect(spooledRun).toMatchObject({ kind: 'stop', outcome: 'clean', trigger: { signal: 'SIGTERM' } });
      expect(spooledRun.stages.map((s) => s.name)).toContain('exit');
    } finally {
      await setDatabaseReachable(db, true);
    }

    const replayed = await boot({ DATA_DIR: dataDir });
    const stops = await storedStops(replayed, since);
    expect(stops).toHaveLength(1);
    const [stored] = stops as [DrainRun];
    // The persist stage says when the run was spooled (T1) and when it was written (T2); the exit stage is there.
    const persist = stage(stored, 'persist');
    expect(persist.outcome).toBe('ok');
    const { spooledAt, writtenAt } = persist.details as { spooledAt: string; writtenAt: string };
    expect(Date.parse(spooledAt)).toBeGreaterThanOrEqual(Date.parse(persist.startedAt));
    expect(Date.parse(writtenAt)).toBeGreaterThan(Date.parse(spooledAt));
    expect(stage(stored, 'exit')).toMatchObject({ outcome: 'ok', details: { code: 0 } });
    expect(stage(stored, 'exit').endedAt).not.toBeNull();
    expect(readFileSync(join(dataDir, 'runs-spool.jsonl'), 'utf8')).toBe('');
    await replayed.stop('SIGTERM');

    // A third boot on the same spool folder writes nothing twice.
    const third = await boot({ DATA_DIR: dataDir });
    expect(await storedStops(third, since)).toHaveLength(2);
  });

  it('refuses text Postgres cannot store before any run exists, and when neither Postgres nor the spool takes a run, exits 1 with the run whole on stderr', async () => {
    const since = Date.now();
    const dataDir = mkdtempSync(join(tmpdir(), 'drainboard-lost-'));
    dataDirs.push(dataDir);
    // The spool path is a directory: appending to it fails.
    mkdirSync(join(dataDir, 'runs-spool.jsonl'));
    const api = await boot({ DATA_DIR: dataDir });
    const refused = await send(`${api.adminUrl}/admin/drain`, {
      method: 'POST',
      token: api.token,
      headers: { 'content-type': 'application/json' },
      body: '{"reason":"a\\ud800b"}',
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'reason' }] });
    const page = (await send(`${api.adminUrl}/admin/runs?limit=100`, { token: api.token })).json as RunsPage;
    expect(page.runs.filter((run) => Date.parse(run.startedAt) >= since)).toEqual([]);

    await setDatabaseReachable(db, false);
    try {
      const exit = await api.stop('SIGTERM');
      expect(exit.code).toBe(1);
      const stderr = api.stderr();
      expect(api.stdout() + stderr).toMatch(
        /run [0-9a-f-]{36} \(stop, outcome clean\) was NOT recorded: Postgres: .*; spool .*runs-spool\.jsonl: /,
      );
      expect(api.stdout() + stderr).not.toMatch(/will retry/);
      const line = stderr.split('\n').find((l) => l.startsWith('drainboard: unrecorded run '));
      expect(line).toBeDefined();
      const lost = JSON.parse(line!.slice('drainboard: unrecorded run '.length)) as DrainRun;
      expect(lost).toMatchObject({ kind: 'stop', trigger: { source: 'signal', signal: 'SIGTERM' } });
      expect(lost.stages.map((s) => s.name)).toEqual(
        expect.arrayContaining(['trigger', 'drain-requests', 'persist']),
      );
    } finally {
      await setDatabaseReachable(db, true);
    }
  });
});
