import pg from 'pg';

import { DurationHistoryRepository } from '../src/admin/preview/duration-history.repository.js';
import { HISTORY_MAX_AGE_MS, MAX_STORED_ROUTES } from '../src/admin/preview/stored-route.js';
import { PrismaService } from '../src/shared/database/prisma.service.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

interface Row {
  route: string;
  instance_id: string;
  updated_at: Date;
  request_count: string;
  median_ms: number;
  p90_ms: number;
  max_ms: number;
  durations_ms: number[];
}

describe('route durations stored in one statement', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let prisma: PrismaService;
  let repository: DurationHistoryRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    prisma = new PrismaService(db.url);
    await prisma.$connect();
    repository = new DurationHistoryRepository(prisma);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await sql.end();
    await db.drop();
  });
  beforeEach(() => sql.query('DELETE FROM route_durations'));

  const rows = async (): Promise<Row[]> =>
    (await sql.query<Row>('SELECT * FROM route_durations ORDER BY route')).rows;

  it('inserts new routes, replaces the window of known ones and adds up their request counts', async () => {
    const first = new Date('2026-11-27T10:00:00.000Z');
    expect(
      await repository.save(
        'a',
        [
          { route: 'GET /x', durations: [10.4, 30, 20], finished: 3 },
          { route: 'GET /y', durations: [5], finished: 1 },
        ],
        first,
      ),
    ).toBe(2);
    const second = new Date(first.getTime() + 1000);
    await repository.save('b', [{ route: 'GET /x', durations: [10, 50, 20], finished: 1 }], second);

    const [x, y] = await rows();
    expect(x).toMatchObject({
      route: 'GET /x',
      instance_id: 'b',
      request_count: '4',
      median_ms: 20,
      max_ms: 50,
      durations_ms: [10, 50, 20],
    });
    expect(x!.updated_at.toISOString()).toBe(second.toISOString());
    expect(y).toMatchObject({
      route: 'GET /y',
      instance_id: 'a',
      request_count: '1',
      median_ms: 5,
      p90_ms: 5,
    });
    expect(y!.updated_at.toISOString()).toBe(first.toISOString());
  });

  it('leaves out routes Postgres cannot store or too long to be worth it, and routes without durations', async () => {
    const saved = await repository.save(
      'a',
      [
        { route: 'GET /nul\u0000', durations: [1], finished: 1 },
        { route: `GET /${'x'.repeat(600)}`, durations: [1], finished: 1 },
        { route: 'GET /empty', durations: [], finished: 0 },
        { route: 'GET /ok', durations: [2], finished: 1 },
      ],
      new Date(),
    );
    expect(saved).toBe(1);
    expect((await rows()).map((row) => row.route)).toEqual(['GET /ok']);
  });

  it('prunes rows past the maximum age, and beyond the most recent MAX_STORED_ROUTES, never the routes just saved', async () => {
    const now = new Date('2026-11-27T12:00:00.000Z');
    // One row too old, then MAX_STORED_ROUTES rows one second apart (GET /r0 the oldest), one of them saved again.
    await sql.query(
      `INSERT INTO route_durations (route, instance_id, updated_at, request_count, median_ms, p90_ms, max_ms, durations_ms)
       SELECT 'GET /r' || i, 'old', $1::timestamptz - make_interval(secs => $2 - i), 1, 1, 1, 1, '[1]'::jsonb
       FROM generate_series(0, $2 - 1) AS i
       UNION ALL SELECT 'GET /ancient', 'old', $1::timestamptz - make_interval(secs => $3), 1, 1, 1, 1, '[1]'::jsonb`,
      [now, MAX_STORED_ROUTES, HISTORY_MAX_AGE_MS / 1000 + 1],
    );
    await repository.save(
      'a',
      [
        { route: 'GET /r0', durations: [7], finished: 1 },
        { route: 'GET /new-1', durations: [8], finished: 1 },
        { route: 'GET /new-2', durations: [9], finished: 1 },
      ],
      now,
    );

    const stored = await rows();
    const routes = new Set(stored.map((row) => row.route));
    expect(stored).toHaveLength(MAX_STORED_ROUTES);
    expect(routes.has('GET /ancient')).toBe(false);
    // Saved: the oldest row (GET /r0, updated now) and two new ones. Room was made by dropping the next oldest.
    for (const route of [
      'GET /r0',
      'GET /new-1',
      'GET /new-2',
      'GET /r3',
      `GET /r${MAX_STORED_ROUTES - 1}`,
    ]) {
      expect(routes.has(route)).toBe(true);
    }
    expect(routes.has('GET /r1')).toBe(false);
    expect(routes.has('GET /r2')).toBe(false);
    expect(stored.find((row) => row.route === 'GET /r0')).toMatchObject({ request_count: '2', max_ms: 7 });
  });
});
