import pg from 'pg';

import type { DrainPreview, PreviewRequest, RouteEstimate } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

const SLOW_MS = 1500;
const MANY_ROUTES = 1500;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Finish-time estimates survive a restart: a real API on real Postgres learns a route's durations, stores them
 * (`route_durations`) when it stops, and the next process estimates that route from history before any of its
 * own requests finished. Neighbours: no history yet, malformed and week-old rows, far more stored routes than
 * a process keeps (bounded when loading and when storing).
 */
describe('route duration history across restarts (real API, real Postgres)', () => {
  const db = useTestDatabase();
  const env = (): Record<string, string> => ({
    DATABASE_URL: db.url,
    DEMO_JOB_INTERVAL_MS: '0',
    LOG_LEVEL: 'log',
  });

  async function preview(api: ApiProcess, deadlineMs?: number): Promise<DrainPreview> {
    const query = deadlineMs === undefined ? '' : `?deadlineMs=${deadlineMs}`;
    const response = await send(`${api.adminUrl}/admin/drain/preview${query}`, { token: api.token });
    expect(response.status).toBe(200);
    return response.json as DrainPreview;
  }
  const slowRoute = (p: DrainPreview): RouteEstimate | undefined =>
    p.routes.find((route) => route.route.includes('/demo/slow'));
  const slowRequest = (p: DrainPreview): PreviewRequest | undefined =>
    p.requests.find((request) => request.route.includes('/demo/slow'));

  async function onDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  it('learns, stores at stop, and the next process estimates from history before any request finished', async () => {
    // No history: nothing stored, so a request in flight has no estimate and no source.
    const first = await startApi({ env: env() });
    const fresh = await preview(first);
    expect(fresh.history).toMatchObject({ status: 'loaded', routes: 0, skipped: 0 });
    expect(fresh.routes).toEqual([]);
    const firstSlow = send(`${first.trafficUrl}/demo/slow?ms=${SLOW_MS}`);
    const unknown = await pollUntil(async () => slowRequest(await preview(first, 100)), {
      description: 'the first slow request in flight',
    });
    expect(unknown).toMatchObject({ verdict: 'unknown', estimateSource: null, expectedRemainingMs: null });
    expect((await firstSlow).status).toBe(200);
    const more = await Promise.all(
      Array.from({ length: 5 }, () => send(`${first.trafficUrl}/demo/slow?ms=${SLOW_MS}`)),
    );
    expect(more.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(slowRoute(await preview(first))).toMatchObject({ source: 'live', liveSamples: 6, historySamples: 0 });

    // Rows the next process must not trust (malformed, a week old) and far more routes than anyone keeps.
    const now = Date.now();
    await onDb(async (client) => {
      await client.query(
        `INSERT INTO route_durations (route, instance_id, updated_at, request_count, median_ms, p90_ms, max_ms, durations_ms)
         SELECT '/many/' || n, 'seeded', $1::timestamptz - (n || ' ms')::interval, 1, 5, 5, 5, '[5]'::jsonb
         FROM generate_series(1, ${MANY_ROUTES}) AS n`,
        [new Date(now - 60 * 60 * 1000)],
      );
      const insert = `INSERT INTO route_durations (route, instance_id, updated_at, request_count, median_ms, p90_ms, max_ms, durations_ms)
         VALUES ($1, 'seeded', $2, 1, 1, 1, 1, $3::jsonb)`;
      const recent = new Date(now - 60_000);
      await client.query(insert, ['/bad/strings', recent, JSON.stringify(['1500'])]);
      await client.query(insert, ['/bad/negative', recent, JSON.stringify([-4])]);
      await client.query(insert, ['/bad/object', recent, JSON.stringify({ ms: 1500 })]);
      await client.query(insert, ['/old', new Date(now - 8 * DAY_MS), JSON.stringify([9999])]);
    });

    // Stop: the last save stores the route, prunes the week-old row and the routes beyond the bound.
    expect((await first.stop('SIGTERM')).code).toBe(0);
    const stored = await onDb(async (client) => {
      const rows = await client.query<{ route: string; request_count: string; durations_ms: number[] }>(
        `SELECT route, request_count, durations_ms FROM route_durations WHERE route LIKE '%/demo/slow%'`,
      );
      const count = await client.query<{ n: string }>('SELECT count(*) AS n FROM route_durations');
      const old = await client.query(`SELECT 1 FROM route_durations WHERE route = '/old'`);
      return { rows: rows.rows, total: Number(count.rows[0]!.n), old: old.rowCount };
    });
    expect(stored.rows).toHaveLength(1);
    expect(Number(stored.rows[0]!.request_count)).toBe(6);
    expect(stored.rows[0]!.durations_ms).toHaveLength(6);
    for (const ms of stored.rows[0]!.durations_ms) {
      expect(ms).toBeGreaterThanOrEqual(SLOW_MS - 50);
    }
    expect(stored.total).toBeLessThanOrEqual(1000);
    expect(stored.old).toBe(0);

    // The next process: estimates from history before any of its own requests finished.
    const second = await startApi({ env: env() });
    const booted = await preview(second);
    expect(booted.history.status).toBe('loaded');
    expect(booted.history.skipped).toBe(3);
    expect(booted.history.routes + booted.history.skipped).toBe(200);
    expect(booted.routes.length).toBeLessThanOrEqual(200);
    expect(booted.routes.some((route) => route.route.startsWith('/bad/') || route.route === '/old')).toBe(false);
    const fromHistory = slowRoute(booted);
    expect(fromHistory).toMatchObject({ source: 'history', historySamples: 6, liveSamples: 0 });
    expect(fromHistory!.medianMs).toBeGreaterThanOrEqual(SLOW_MS - 50);
    expect(booted.grace.longestExpectedRoute).toBe(fromHistory!.route);
    expect(booted.grace.longestExpectedSource).toBe('history');
    expect(second.stdout()).toMatch(/route durations loaded from history: \d+ routes \(3 malformed rows skipped\)/);

    const secondSlow = send(`${second.trafficUrl}/demo/slow?ms=${SLOW_MS * 2}`);
    const predicted = await pollUntil(async () => slowRequest(await preview(second, 200)), {
      description: 'the second process’s slow request in flight',
    });
    expect(predicted.estimateSource).toBe('history');
    expect(predicted.verdict).toBe('cut');
    expect(predicted.expectedRemainingMs).toBeGreaterThan(200);
    const roomy = await preview(second, 60_000);
    expect(slowRequest(roomy)).toMatchObject({ verdict: 'finishes', estimateSource: 'history' });
    expect(slowRoute(roomy)).toMatchObject({ liveSamples: 0 });

    // Once one of its own finished, the estimate blends both.
    expect((await secondSlow).status).toBe(200);
    expect(slowRoute(await preview(second))).toMatchObject({
      source: 'blended',
      liveSamples: 1,
      historySamples: 6,
    });
    expect((await second.stop('SIGTERM')).code).toBe(0);
    const after = await onDb((client) =>
      client.query<{ request_count: string; durations_ms: number[] }>(
        `SELECT request_count, durations_ms FROM route_durations WHERE route LIKE '%/demo/slow%'`,
      ),
    );
    expect(Number(after.rows[0]!.request_count)).toBe(7);
    expect(after.rows[0]!.durations_ms).toHaveLength(7);
  }, 120_000);
});
