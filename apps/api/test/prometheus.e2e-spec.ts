import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import {
  type PrometheusServer,
  requirePrometheusBinary,
  startPrometheus,
} from './support/prometheus-server.js';
import { tearDown } from './support/tear-down.js';

const SLOW_REQUESTS = 4;

let db: TestDatabase;
let api: ApiProcess;
let prometheus: PrometheusServer | undefined;
let workDir: string;

beforeAll(async () => {
  requirePrometheusBinary('prometheus');
  requirePrometheusBinary('promtool');
  workDir = mkdtempSync(join(tmpdir(), 'drainboard-prometheus-'));
  db = await createTestDatabase();
  api = await startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0' } });
});

afterAll(() => tearDown({ stop: [prometheus], db, dir: workDir }));

describe('GET /metrics with a real Prometheus', () => {
  it('passes promtool check metrics', async () => {
    await send(`${api.trafficUrl}/demo/fast`);
    const scrape = await send(`${api.adminUrl}/metrics`);
    expect(scrape.status).toBe(200);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: scrape.text, encoding: 'utf8' });
    expect({ status: check.status, output: `${check.stdout}${check.stderr}` }).toEqual({
      status: 0,
      output: '',
    });
  });

  it('shows the in-flight gauge in Prometheus while slow requests run', async () => {
    const server = await startPrometheus(workDir, [new URL(api.adminUrl).host]);
    prometheus = server;
    const slow = Array.from({ length: SLOW_REQUESTS }, () => send(`${api.trafficUrl}/demo/slow?ms=12000`));
    const seen = await pollUntil(
      async () => {
        const { result } = await server.query('http_server_active_requests');
        const value = Number(result[0]?.value[1] ?? 0);
        return value >= SLOW_REQUESTS ? value : null;
      },
      {
        timeoutMs: 11_000,
        intervalMs: 250,
        description: `Prometheus reporting ${SLOW_REQUESTS} active requests`,
      },
    );
    expect(seen).toBe(SLOW_REQUESTS);
    const done = await Promise.all(slow);
    expect(done.map((res) => res.status)).toEqual(Array(SLOW_REQUESTS).fill(200));
  }, 30_000);
});
