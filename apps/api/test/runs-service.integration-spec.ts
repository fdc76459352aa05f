import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';

import { DRAIN_STAGES, type DrainRun, type RunsPage } from '@drainboard/contracts';

import { RunsRepository } from '../src/admin/runs/runs.repository.js';
import { RunsService } from '../src/admin/runs/runs.service.js';
import { PrismaService } from '../src/shared/database/prisma.service.js';
import type { TestDatabase } from './support/postgres.js';
import { startRunsModule } from './support/runs-module.js';

function run(startedAt: string): DrainRun {
  const stages = DRAIN_STAGES.slice(0, 3).map((name, order) => ({
    name,
    order,
    startedAt,
    endedAt: startedAt,
    durationMs: 1.25 * (order + 1),
    outcome: 'ok' as const,
    details: { order },
  }));
  return {
    id: randomUUID(),
    instanceId: 'pagination-it',
    kind: 'drain',
    trigger: { source: 'admin', userAgent: 'jest', ip: '127.0.0.1' },
    reason: null,
    startedAt,
    finishedAt: startedAt,
    outcome: 'aborted',
    inFlightAtStart: 2,
    resumedAt: null,
    abortedCount: 1,
    deadlineMs: 1000,
    stages: stages.reverse(),
    abortedRequests: [{ method: 'GET', route: '/demo/slow', ageMs: 1000.5, bytesSent: 12, kind: 'aborted' }],
    statusCodes: {},
  };
}

describe('RunsService', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let runs: RunsService;
  const saved: DrainRun[] = [];
  const tied: DrainRun[] = [];
  /** Every run in the order of the history: newest first, then by id descending. */
  const ordered = (): string[] => [
    ...saved.map((r) => r.id).reverse(),
    ...tied
      .map((r) => r.id)
      .sort()
      .reverse(),
  ];

  beforeAll(async () => {
    ({ db, moduleRef } = await startRunsModule());
    runs = moduleRef.get(RunsService);
    const repository = moduleRef.get(RunsRepository);
    for (let i = 0; i < 5; i++) {
      const item = run(new Date(Date.UTC(2026, 0, 1, 12, 0, i)).toISOString());
      await repository.saveRun(item);
      saved.push(item);
    }
    // Five more sharing one start time (a page edge falls among them), older than the first five.
    for (let i = 0; i < 5; i++) {
      const item = run(new Date(Date.UTC(2026, 0, 1, 11, 0, 0)).toISOString());
      await repository.saveRun(item);
      tied.push(item);
    }
  });
  afterAll(async () => {
    await moduleRef.close();
    await db.drop();
  });

  it('pages newest first with the cursor, every run exactly once even where runs share a start time', async () => {
    for (const limit of [1, 2, 3, 4]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const result: RunsPage = await runs.list({ limit, cursor });
        seen.push(...result.runs.map((r) => r.id));
        cursor = result.nextCursor;
        if (!cursor) {
          break;
        }
      }
      expect(seen).toEqual(ordered());
    }
  });

  it('still pages by before=<ISO date> (nextBefore) for older clients: strictly older runs', async () => {
    const first = await runs.list({ limit: 2 });
    expect(first.runs.map((r) => r.id)).toEqual([saved[4]!.id, saved[3]!.id]);
    expect(first.nextBefore).toBe(saved[3]!.startedAt);
    const second = await runs.list({ limit: 2, before: first.nextBefore });
    expect(second.runs.map((r) => r.id)).toEqual([saved[2]!.id, saved[1]!.id]);
    const byDate = await runs.list({ limit: 100, before: saved[0]!.startedAt });
    expect(byDate.runs.map((r) => r.id)).toEqual(ordered().slice(5));
    expect(byDate.nextBefore).toBeNull();
    expect(byDate.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not issue, and a cursor together with before, with a 400 error', async () => {
    for (const cursor of ['nope', Buffer.from('["x","y"]').toString('base64url')]) {
      await expect(runs.list({ cursor })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    const { nextCursor } = await runs.list({ limit: 1 });
    await expect(runs.list({ cursor: nextCursor, before: saved[0]!.startedAt })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('stores text Postgres cannot hold (NUL, lone surrogates) with U+FFFD instead of failing the write', async () => {
    const item = {
      ...run(new Date(Date.UTC(2020, 0, 1)).toISOString()),
      reason: 'a\ud800b\u0000c',
    };
    item.stages[0]!.details = { note: 'x\udc00', ['k\u0000']: 1 };
    await moduleRef.get(RunsRepository).saveRun(item);
    const stored = await runs.get(item.id);
    expect(stored!.reason).toBe('a\ufffdb\ufffdc');
    expect(stored!.stages.find((s) => s.name === item.stages[0]!.name)!.details).toEqual({
      note: 'x\ufffd',
      'k\ufffd': 1,
    });
    await moduleRef.get(PrismaService).drainRun.delete({ where: { id: item.id } });
  });

  it('returns a run with its stages in drain order and its aborted requests', async () => {
    const expected = { ...saved[0]!, stages: [...saved[0]!.stages].sort((a, b) => a.order - b.order) };
    expect(await runs.get(saved[0]!.id)).toEqual(expected);
  });

  it('returns null for an unknown or malformed id', async () => {
    expect(await runs.get(randomUUID())).toBeNull();
    expect(await runs.get('not-a-uuid')).toBeNull();
  });

  it('clamps the limit to 1..100 and rejects a before that is no date', async () => {
    expect((await runs.list({ limit: 0 })).runs).toHaveLength(1);
    expect((await runs.list({ limit: 1000 })).runs).toHaveLength(10);
    await expect(runs.list({ before: 'yesterday' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
