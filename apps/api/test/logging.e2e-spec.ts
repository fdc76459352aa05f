// Logs of the built API: JSON lines in production (nestjs-pino), readable lines in development; each traffic
// request logged once with its request id (the caller's x-request-id when it sends one); drain stage lines
// structured with the run id.
import { DRAIN_STAGES } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { type ApiProcess, killStartedApis, startApi } from './support/api-process.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

const TOKEN = 'logging-test-token-0123456789';

let db: TestDatabase;

interface LogRecord {
  level: number;
  time: string;
  msg: string;
  instance?: string;
  context?: string;
  reqId?: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  runId?: string;
  runKind?: string;
  stage?: string;
  outcome?: string;
  durationMs?: number;
}

/** Every stdout line but the listening line, parsed as JSON (throws on a line that is not). */
function records(api: ApiProcess): LogRecord[] {
  return api
    .stdout()
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('drainboard: listening'))
    .map((line) => {
      try {
        return JSON.parse(line) as LogRecord;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
}

beforeAll(async () => {
  db = await createTestDatabase();
}, 30_000);

afterAll(async () => {
  await killStartedApis();
  await db?.drop();
});

describe('logs in production', () => {
  let api: ApiProcess;

  beforeAll(async () => {
    api = await startApi({
      env: {
        NODE_ENV: 'production',
        ADMIN_TOKEN: TOKEN,
        DATABASE_URL: db.url,
        INSTANCE_ID: 'logging-prod',
        DEMO_JOB_INTERVAL_MS: '0',
      },
    });
  }, 30_000);

  it('writes one JSON object per line, each with its time, level and instance', () => {
    const lines = records(api);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toEqual(
        expect.objectContaining({
          level: expect.any(Number),
          time: expect.any(String),
          instance: 'logging-prod',
        }),
      );
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    }
    expect(lines.some((line) => line.msg === 'started')).toBe(true);
  });

  it('logs each traffic request once with its request id, honouring an incoming x-request-id', async () => {
    const given = await fetch(`${api.trafficUrl}/demo/fast`, { headers: { 'x-request-id': 'lb-1234-abcd' } });
    expect(given.headers.get('x-request-id')).toBe('lb-1234-abcd');
    const fresh = await fetch(`${api.trafficUrl}/demo/fast?n=2`);
    const freshId = fresh.headers.get('x-request-id') ?? '';
    expect(freshId).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await fetch(`${api.trafficUrl}/demo/fast?n=3`, { headers: { 'x-request-id': 'a b"c' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await fetch(`${api.trafficUrl}/no/such/route`);
    expect(missing.status).toBe(404);

    const requestLines = await pollUntil(
      () => {
        const found = records(api).filter((line) => line.req !== undefined);
        return found.length >= 4 ? found : null;
      },
      { timeoutMs: 5000, description: 'four request log lines' },
    );
    expect(
      requestLines.map((line) => [line.req!.id, line.req!.method, line.req!.url, line.res!.statusCode]),
    ).toEqual([
      ['lb-1234-abcd', 'GET', '/demo/fast', 200],
      [freshId, 'GET', '/demo/fast?n=2', 200],
      [unsafe.headers.get('x-request-id'), 'GET', '/demo/fast?n=3', 200],
      [missing.headers.get('x-request-id'), 'GET', '/no/such/route', 404],
    ]);
    expect(requestLines[3]!.level).toBe(40);
    expect(requestLines.every((line) => typeof line.responseTime === 'number')).toBe(true);
    // The admin port (health checks, scrapes) is not logged per request.
    await fetch(`${api.adminUrl}/health/ready`);
    expect(records(api).filter((line) => line.req?.url === '/health/ready')).toEqual([]);
  }, 20_000);

  it('writes every drain stage as a structured line with the run id, through to the exit', async () => {
    const exit = await api.stop('SIGTERM');
    expect(exit.code).toBe(0);
    const stages = records(api).filter((line) => line.stage !== undefined);
    const runIds = new Set(stages.map((line) => line.runId));
    expect(runIds.size).toBe(1);
    expect([...runIds][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(stages.map((line) => [line.context, line.runKind, line.stage, line.outcome])).toEqual(
      DRAIN_STAGES.map((stage) => ['Drain', 'stop', stage, 'ok']),
    );
    for (const line of stages) {
      expect(line.durationMs).toEqual(expect.any(Number));
    }
  }, 30_000);
});

describe('logs in development', () => {
  it('are readable lines, request lines included, with no JSON objects', async () => {
    const api = await startApi({
      env: {
        NODE_ENV: 'development',
        DATABASE_URL: db.url,
        INSTANCE_ID: 'logging-dev',
        DEMO_JOB_INTERVAL_MS: '0',
      },
    });
    await fetch(`${api.trafficUrl}/demo/fast`, { headers: { 'x-request-id': 'dev-req-1' } });
    const line = await pollUntil(
      () =>
        api
          .stdout()
          .split('\n')
          .find((l) => l.includes('GET /demo/fast 200')),
      {
        timeoutMs: 5000,
        description: 'the request line',
      },
    );
    expect(line).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/demo\/fast 200 in \d+ ms .*"id":"dev-req-1"/,
    );
    expect(api.stdout()).toMatch(/Drainboard instance logging-dev/);
    expect(
      api
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{')),
    ).toEqual([]);
    await api.stop('SIGTERM');
  }, 40_000);
});
