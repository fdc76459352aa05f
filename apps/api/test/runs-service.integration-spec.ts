import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { DRAIN_STAGES, type DrainRun } from '@drainboard/contracts';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { DatabaseModule } from '../src/database/database.module.js';
import { RunsRepository } from '../src/runs/runs.repository.js';
import { RunsService } from '../src/runs/runs.service.js';

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

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot(db.url)],
      providers: [RunsRepository, RunsService],
    }).compile();
    await moduleRef.init();
    runs = moduleRef.get(RunsService);
    const repository = moduleRef.get(RunsRepository);
    for (let i = 0; i < 5; i++) {
      const item = run(new Date(Date.UTC(2026, 0, 1, 12, 0, i)).toISOString());
      await repository.saveRun(item);
      saved.push(item);
    }
  });
  afterAll(async () => {
    await moduleRef.close();
    await db.drop();
  });

  it("pages newest first, the cursor being the last run's startedAt", async () => {
    const first = await runs.list({ limit: 2 });
    expect(first.runs.map((r) => r.id)).toEqual([saved[4]!.id, saved[3]!.id]);
    expect(first.nextBefore).toBe(saved[3]!.startedAt);
    const second = await runs.list({ limit: 2, before: first.nextBefore });
    expect(second.runs.map((r) => r.id)).toEqual([saved[2]!.id, saved[1]!.id]);
    const last = await runs.list({ limit: 2, before: second.nextBefore });
    expect(last.runs.map((r) => r.id)).toEqual([saved[0]!.id]);
    expect(last.nextBefore).toBeNull();
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
    expect((await runs.list({ limit: 1000 })).runs).toHaveLength(5);
    await expect(runs.list({ before: 'yesterday' })).rejects.toThrow(/before is not a date/);
  });
});
