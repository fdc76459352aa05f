import { Agent, request } from 'node:http';

import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

/** What the README promises: `/metrics` stays under this size whatever the traffic port receives. */
const MAX_METRICS_BYTES = 256 * 1024;
const HOSTILE_REQUESTS = 10_000;
const CONCURRENCY = 16;
/** Methods Node's HTTP parser accepts, standard and not: the non-standard ones must fold into `_OTHER`. */
const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
  'PROPFIND',
  'MKCOL',
  'SEARCH',
  'PURGE',
  'LOCK',
  'REPORT',
  'SUBSCRIBE',
];
const STANDARD = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
  '_OTHER',
]);
const ROUTES = new Set([
  '/demo/fast',
  '/demo/slow',
  '/demo/block',
  '/demo/stream',
  '/demo/upload',
  '/demo/events',
  'unmatched',
]);

const db = useTestDatabase();
let api: ApiProcess;

beforeAll(async () => {
  api = await startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0' } });
});

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function hostilePath(random: () => number, i: number): string {
  const segment = (): string => Math.floor(random() * 36 ** 8).toString(36);
  const long = i % 10 === 0 ? `/${'x'.repeat(Math.floor(random() * 2000))}` : '';
  return `/${segment()}/${segment()}${long}?q=${segment()}`;
}

function fire(agent: Agent, base: string, method: string, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${base}${path}`, { method, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** Every label set of one metric family in a Prometheus text exposition. */
function labelSets(text: string, family: string): Record<string, string>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${family}{`))
    .map((line) =>
      Object.fromEntries(
        [...line.matchAll(/(\w+)="([^"]*)"/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']),
      ),
    );
}

describe('GET /metrics under hostile traffic', () => {
  it(`stays under ${MAX_METRICS_BYTES / 1024} KiB with bounded labels after ${HOSTILE_REQUESTS} random paths and methods`, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const random = generator(9);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < HOSTILE_REQUESTS) {
        const i = next++;
        const method = METHODS[Math.floor(random() * METHODS.length)]!;
        await fire(agent, api.trafficUrl, method, hostilePath(random, i));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect((await send(`${api.trafficUrl}/demo/fast`)).status).toBe(200);
    const slow = fire(agent, api.trafficUrl, 'GET', '/demo/slow?ms=3000');

    const text = await pollUntil(
      async () => {
        const res = await send(`${api.adminUrl}/metrics`);
        const sets = labelSets(res.text, 'http_server_requests_total');
        const total =
          sets.length > 0 &&
          res.text
            .split('\n')
            .filter((l) => l.startsWith('http_server_requests_total{'))
            .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
        return (
          total === HOSTILE_REQUESTS + 1 &&
          res.text.includes('drainboard_inflight_requests{route="/demo/slow"} 1') &&
          res.text
        );
      },
      { timeoutMs: 20_000, description: 'every request counted and /demo/slow in flight' },
    );

    expect(Buffer.byteLength(text)).toBeLessThan(MAX_METRICS_BYTES);
    const sets = labelSets(text, 'http_server_requests_total');
    expect(sets.filter((set) => !STANDARD.has(set.method!) || !ROUTES.has(set.route!))).toEqual([]);
    expect(sets.filter((set) => set.route === 'unmatched').length).toBeLessThanOrEqual(STANDARD.size * 4);
    expect(sets).toContainEqual({ method: 'GET', route: '/demo/fast', status_code: '200' });
    expect(sets).toContainEqual(expect.objectContaining({ method: '_OTHER', route: 'unmatched' }));
    expect(labelSets(text, 'drainboard_inflight_requests')).toEqual([{ route: '/demo/slow' }]);
    expect(await slow).toBe(200);
    agent.destroy();
  }, 120_000);
});
