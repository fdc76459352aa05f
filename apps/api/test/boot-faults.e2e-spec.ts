// Faults around boot and the embedded Postgres, on real processes: kill -9 during the first initdb, a second
// instance on the same DATA_DIR (through a symlink), kill -9 of a running API, and 20 boot/stop cycles with a
// signal at a random moment of boot. One DATA_DIR for the whole file, so initdb runs once (twice: once killed).
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import type { DrainRun, RunsPage } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { postmasterPid, startEmbeddedPostgres } from '../src/shared/database/embedded-postgres.js';
import { send } from './support/admin-http.js';
import { isAlive, killRawApis, processesUsing, spawnApi } from './support/raw-api.js';

const TOKEN = 'boot-faults-token-0123456789';
// Directly under the temp directory: run as root, Postgres runs as `postgres` and must reach it.
const dataDir = mkdtempSync(join(tmpdir(), 'drainboard-boot-faults-'));
const root = mkdtempSync(join(tmpdir(), 'drainboard-boot-faults-links-'));
const pgDir = join(dataDir, 'pg');
const NOTHING_RECORDED = /stopped before the database was reachable, so nothing was recorded/;

const api = (instanceId: string, dir = dataDir) =>
  spawnApi({ DATA_DIR: dir, ADMIN_TOKEN: TOKEN, INSTANCE_ID: instanceId, LOG_LEVEL: 'warn' });

afterAll(async () => {
  await killRawApis();
  await pollUntil(() => processesUsing(pgDir).length === 0, { timeoutMs: 20_000 }).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every stop run per instance id, read straight from the embedded cluster (no API running). */
async function stopsByInstance(): Promise<Map<string, DrainRun['trigger'][]>> {
  const server = await startEmbeddedPostgres({ dir: pgDir });
  try {
    const client = new pg.Client({ connectionString: server.url('drainboard') });
    await client.connect();
    try {
      const { rows } = await client.query<{ instance_id: string; trigger: DrainRun['trigger'] }>(
        "SELECT instance_id, trigger FROM drain_runs WHERE kind = 'stop'",
      );
      const byInstance = new Map<string, DrainRun['trigger'][]>();
      for (const row of rows) {
        byInstance.set(row.instance_id, [...(byInstance.get(row.instance_id) ?? []), row.trigger]);
      }
      return byInstance;
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
}

describe('boot faults with embedded Postgres (real processes and signals)', () => {
  it('kill -9 during the first initdb: nothing is left running, and the next boot redoes the initialisation, saying so', async () => {
    const first = api('initdb-killed');
    let ended = false;
    void first.exited.then(() => (ended = true));
    await pollUntil(
      () => {
        if (ended) {
          throw new Error(`the API exited during initdb:\n${first.stdout()}\n${first.stderr()}`);
        }
        return existsSync(join(`${pgDir}.initdb`, 'PG_VERSION'));
      },
      {
        timeoutMs: 60_000,
        intervalMs: 10,
        description: 'initdb writing its data directory',
      },
    );
    first.proc.kill('SIGKILL');
    await first.exited;
    // The tether stops initdb (and its bootstrap backend) when the API dies.
    await pollUntil(() => processesUsing(`${pgDir}.initdb`).length === 0, {
      timeoutMs: 15_000,
      description: 'initdb gone after the API was killed',
    });
    expect(existsSync(pgDir)).toBe(false);

    const second = api('after-initdb-killed');
    const adminUrl = await second.listening(120_000);
    expect(second.stdout() + second.stderr()).toMatch(
      /first-time initialisation .* was interrupted; starting it again/,
    );
    const state = await send(`${adminUrl}/admin/state`, { token: TOKEN });
    expect(state.status).toBe(200);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false);
  }, 240_000);

  it('a second instance on the same DATA_DIR (through a symlink) refuses with exit 1 and touches nothing of the first', async () => {
    const owner = api('owner');
    const ownerUrl = await owner.listening();
    const pidFile = readFileSync(join(pgDir, 'postmaster.pid'), 'utf8');
    const postmaster = (await postmasterPid(pgDir))!;
    const link = join(root, 'link-to-data');
    symlinkSync(dataDir, link);

    const intruder = api('intruder', link);
    const exit = await intruder.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    const lines = intruder.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `DATA_DIR ${dataDir} is already in use by Drainboard pid ${owner.proc.pid} \\(instance owner`,
      ),
    );
    // The owner's Postgres, its lock file and the owner itself are as they were.
    expect(isAlive(postmaster)).toBe(true);
    expect(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8')).toBe(pidFile);
    const runs = await send(`${ownerUrl}/admin/runs`, { token: TOKEN });
    expect(runs.status).toBe(200);

    owner.proc.kill('SIGTERM');
    expect(await owner.exited).toEqual({ code: 0, signal: null });
    expect((await stopsByInstance()).get('owner')).toEqual([{ source: 'signal', signal: 'SIGTERM' }]);
  }, 120_000);

  it('kill -9 of a running API: its embedded Postgres shuts down by itself, and the next boot is clean', async () => {
    const victim = api('victim');
    await victim.listening();
    const postmaster = (await postmasterPid(pgDir))!;
    expect(isAlive(postmaster)).toBe(true);
    victim.proc.kill('SIGKILL');
    await victim.exited;
    await pollUntil(() => !isAlive(postmaster), {
      timeoutMs: 15_000,
      description: 'the orphaned postmaster exiting',
    });
    expect(processesUsing(pgDir)).toEqual([]);

    const next = api('after-victim');
    const adminUrl = await next.listening();
    const page = (await send(`${adminUrl}/admin/runs?limit=100`, { token: TOKEN })).json as RunsPage;
    expect(page.runs.some((run) => run.instanceId === 'owner' && run.kind === 'stop')).toBe(true);
    next.proc.kill('SIGINT');
    expect(await next.exited).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('20 boot/stop cycles with a signal at a random moment of boot: no Postgres left running, every stop that reached the database recorded once', async () => {
    // How long a boot takes here, to spread the signals over all of it.
    const probe = api('cycle-probe');
    const startedAt = performance.now();
    await probe.listening();
    const bootMs = performance.now() - startedAt;
    probe.proc.kill('SIGTERM');
    await probe.exited;

    const outcomes: Array<{ id: string; recorded: boolean }> = [];
    for (let cycle = 0; cycle < 20; cycle++) {
      const id = `cycle-${cycle}`;
      const child = api(id);
      const signal: NodeJS.Signals = cycle % 2 === 0 ? 'SIGTERM' : 'SIGINT';
      // Stratified: cycle n signals somewhere in the n-th twentieth of the boot (and a little past its end).
      const delay = ((cycle + Math.random()) / 20) * bootMs * 1.1;
      await new Promise((resolve) => setTimeout(resolve, delay));
      const postmaster = await postmasterPid(pgDir);
      child.proc.kill(signal);
      const exit = await child.exited;
      const output = `${child.stdout()}${child.stderr()}`;
      const context = `${id} (${signal} after ${Math.round(delay)} ms, exit ${JSON.stringify(exit)}):\n${output}`;
      // Either the stop ran (and says so in its exit code), or one line says why nothing was recorded.
      const interrupted = NOTHING_RECORDED.test(output);
      if (interrupted) {
        expect({ context, exit }).toEqual({ context, exit: { code: 1, signal: null } });
        expect(
          child
            .stderr()
            .trim()
            .split('\n')
            .filter((line) => NOTHING_RECORDED.test(line)),
        ).toHaveLength(1);
      } else if (exit.signal !== null) {
        // Killed by the signal before any code ran (Node still starting): nothing was started either.
        expect({ context, exit }).toEqual({ context, exit: { code: null, signal } });
      } else {
        expect({ context, code: exit.code }).toEqual({ context, code: 0 });
      }
      outcomes.push({ id, recorded: !interrupted && exit.signal === null });
      // No Postgres of this DATA_DIR outlives the process, by the pid it wrote and by command line.
      if (postmaster !== null) {
        expect(isAlive(postmaster)).toBe(false);
      }
      const after = await postmasterPid(pgDir);
      if (after !== null) {
        expect({ context, alive: isAlive(after) }).toEqual({ context, alive: false });
      }
      expect({ context, left: processesUsing(pgDir) }).toEqual({ context, left: [] });
    }

    // Both ends were exercised: boots stopped before the database, and stops that ran and were recorded.
    expect(outcomes.some((o) => o.recorded)).toBe(true);
    expect(outcomes.some((o) => !o.recorded)).toBe(true);
    const stops = await stopsByInstance();
    for (const { id, recorded } of outcomes) {
      expect({ id, stops: (stops.get(id) ?? []).length }).toEqual({ id, stops: recorded ? 1 : 0 });
    }
  }, 300_000);
});
