import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-postgres.js';
import { type ApiProcess, killStartedApis, startApi } from './support/api-process.js';
import { send } from './support/admin-http.js';
import { pollUntil } from './support/poll.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

const SLOW_REQUESTS = 4;

let db: TestDatabase;
let api: ApiProcess;
let prometheus: ChildProcess | undefined;
let workDir: string;

/** Fails (never skips) when a binary the test needs is not installed. */
function requireBinary(name: string): void {
  const probe = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      `${name} is not on PATH (${probe.error.message}): install it with "apt-get install -y prometheus"`,
    );
  }
}

function startPrometheus(adminUrl: string, port: number): ChildProcess {
  const target = new URL(adminUrl).host;
  const config = `global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\nscrape_configs:\n  - job_name: drainboard\n    metrics_path: /metrics\n    static_configs:\n      - targets: ['${target}']\n`;
  writeFileSync(join(workDir, 'prometheus.yml'), config);
  const args = [
    `--config.file=${join(workDir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(workDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ];
  return spawn('prometheus', args, { stdio: 'ignore' });
}

interface QueryResult {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

beforeAll(async () => {
  requireBinary('prometheus');
  requireBinary('promtool');
  workDir = mkdtempSync(join(tmpdir(), 'drainboard-prometheus-'));
  db = await createTestDatabase();
  api = await startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0' } });
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await exited;
  }
  await killStartedApis();
  await db?.drop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

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
    const port = await freePort();
    prometheus = startPrometheus(api.adminUrl, port);
    const slow = Array.from({ length: SLOW_REQUESTS }, () => send(`${api.trafficUrl}/demo/slow?ms=12000`));
    const query = `http://127.0.0.1:${port}/api/v1/query?query=http_server_active_requests`;
    const seen = await pollUntil(
      async () => {
        const res = await send(query);
        const value = Number((res.json as QueryResult).data.result[0]?.value[1] ?? 0);
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
