import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';

import type { DrainRun, DrainRunKind, DrainRunOutcome } from '@drainboard/contracts';

import { RunsRepository } from '../src/admin/runs/runs.repository.js';
import { type RunsQuery, RunsService } from '../src/admin/runs/runs.service.js';
import { drainRun } from './support/drain-run.js';
import type { TestDatabase } from './support/postgres.js';
import { startRunsModule } from './support/runs-module.js';

const KINDS: DrainRunKind[] = ['drain', 'stop'];
const OUTCOMES: DrainRunOutcome[] = ['clean', 'aborted', 'gave-up', 'interrupted'];
const INSTANCES = ['api-a', 'api-b', 'api-c:1'];

function run(i: number, startedAt: string): DrainRun {
  return drainRun({
    id: randomUUID(),
    instanceId: INSTANCES[i % 3]!,
    kind: KINDS[Math.floor(i / 3) % 2]!,
    trigger: { source: 'admin', userAgent: 'jest', ip: '127.0.0.1' },
    startedAt,
    finishedAt: startedAt,
    outcome: OUTCOMES[i % 4]!,
  });
}

/** Follows `nextCursor` from the first page to the last; every page's ids. */
async function pages(runs: RunsService, query: RunsQuery, limit: number): Promise<string[][]> {
  const seen: string[][] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const result = await runs.list({ ...query, limit, cursor });
    seen.push(result.runs.map((r) => r.id));
    cursor = result.nextCursor;
    if (!cursor) {
      return seen;
    }
  }
  throw new Error('more than 50 pages');
}

describe('RunsService filters (kind, outcome, instance)', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let runs: RunsService;
  /** Every run, in the order of the history: newest first, then by id descending. */
  let history: DrainRun[] = [];
  const expected = (query: RunsQuery): string[] =>
    history
      .filter(
        (r) =>
          (!query.kind || r.kind === query.kind) &&
          (!query.outcome || r.outcome === query.outcome) &&
          (!query.instance || r.instanceId === query.instance),
      )
      .map((r) => r.id);

  beforeAll(async () => {
    ({ db, moduleRef } = await startRunsModule());
    runs = moduleRef.get(RunsService);
    const repository = moduleRef.get(RunsRepository);
    // 24 runs: every (kind, outcome, instance) mix; runs 12..17 share one start time, so page edges fall
    // among runs as old as each other.
    const saved: DrainRun[] = [];
    for (let i = 0; i < 24; i++) {
      const second = i >= 12 && i < 18 ? 12 : i;
      const item = run(i, new Date(Date.UTC(2026, 1, 1, 9, 0, second)).toISOString());
      await repository.saveRun(item);
      saved.push(item);
    }
    history = saved.sort((a, b) =>
      a.startedAt === b.startedAt ? (a.id < b.id ? 1 : -1) : a.startedAt < b.startedAt ? 1 : -1,
    );
  });
  afterAll(async () => {
    await moduleRef.close();
    await db.drop();
  });

  it('pages through exactly the matching runs, newest first, for each filter and combination', async () => {
    const queries: RunsQuery[] = [
      {},
      { kind: 'stop' },
      { kind: 'drain' },
      { outcome: 'aborted' },
      { outcome: 'interrupted' },
      { instance: 'api-c:1' },
      { kind: 'drain', outcome: 'clean' },
      { kind: 'stop', instance: 'api-a' },
      { kind: 'drain', outcome: 'gave-up', instance: 'api-a' },
    ];
    for (const query of queries) {
      const want = expected(query);
      expect(want.length).toBeGreaterThan(0);
      if (Object.keys(query).length > 0) {
        expect(want.length).toBeLessThan(history.length);
      }
      for (const limit of [1, 2, 5]) {
        const got = await pages(runs, query, limit);
        expect({ query, limit, ids: got.flat() }).toEqual({ query, limit, ids: want });
        // Every page but the last is full; the last is not empty.
        expect(got.slice(0, -1).every((page) => page.length === limit)).toBe(true);
        expect(got.at(-1)!.length).toBeGreaterThan(0);
      }
    }
  });

  it('ends at a page edge: exactly `limit` matching runs give no next page, one more gives one', async () => {
    const query: RunsQuery = { kind: 'stop', instance: 'api-a' };
    const want = expected(query);
    expect(want.length).toBeGreaterThanOrEqual(2);
    const exact = await runs.list({ ...query, limit: want.length });
    expect(exact.runs.map((r) => r.id)).toEqual(want);
    expect(exact.nextCursor).toBeNull();
    expect(exact.nextBefore).toBeNull();

    const short = await runs.list({ ...query, limit: want.length - 1 });
    expect(short.runs.map((r) => r.id)).toEqual(want.slice(0, -1));
    expect(short.nextCursor).not.toBeNull();
    const rest = await runs.list({ ...query, limit: want.length - 1, cursor: short.nextCursor });
    expect(rest.runs.map((r) => r.id)).toEqual(want.slice(-1));
    expect(rest.nextCursor).toBeNull();
  });

  it('returns an empty page, not an error, when nothing matches', async () => {
    for (const query of [
      { instance: 'nobody' },
      { outcome: 'failed' as const },
      { outcome: 'running' as const },
    ]) {
      const page = await runs.list(query);
      expect(page).toEqual({ runs: [], nextCursor: null, nextBefore: null });
    }
  });

  it('combines the filters with before= (older clients)', async () => {
    const query: RunsQuery = { outcome: 'clean' };
    const want = expected(query);
    const first = await runs.list({ ...query, limit: 2 });
    expect(first.runs.map((r) => r.id)).toEqual(want.slice(0, 2));
    const older = await runs.list({ ...query, before: first.nextBefore });
    const cutoff = first.nextBefore!;
    expect(older.runs.map((r) => r.id)).toEqual(
      history.filter((r) => r.outcome === 'clean' && r.startedAt < cutoff).map((r) => r.id),
    );
  });
});
