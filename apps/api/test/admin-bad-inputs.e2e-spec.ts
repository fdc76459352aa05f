import type { DrainRun } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { BAD_INPUTS, type BadInput } from './admin-bad-inputs.cases.js';
import { send, type SendOptions } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

const db = useTestDatabase();
let api: ApiProcess;

beforeAll(async () => {
  api = await startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0' } });
});

const json = { 'content-type': 'application/json' };

function requestOf(input: BadInput): SendOptions {
  const token = input.token === null || input.headers?.authorization ? undefined : api.token;
  return { method: input.method ?? 'GET', headers: input.headers, body: input.body, token };
}

describe('admin API bad inputs', () => {
  it.each(BAD_INPUTS.map((input) => [input.name, input] as const))('rejects %s', async (_name, input) => {
    const res = await send(`${api.adminUrl}${input.path}`, requestOf(input));
    expect({ status: res.status, body: res.json }).toEqual({
      status: input.expected.statusCode,
      body: input.expected,
    });
    expect(res.text).not.toMatch(/\bat .+\.js:\d+/);
  });

  it('stores an injection-looking reason verbatim as plain text', async () => {
    const reason = `'); DROP TABLE drain_runs; -- <script>alert(1)</script> \${process.exit(1)} {{7*7}} \u202e\u{1F600}`;
    const res = await send(`${api.adminUrl}/admin/drain`, {
      method: 'POST',
      token: api.token,
      headers: json,
      body: JSON.stringify({ reason }),
    });
    expect(res.status).toBe(202);
    const run = res.json as DrainRun;
    expect(run.reason).toBe(reason);
    const stored = await pollUntil(async () => {
      const found = await send(`${api.adminUrl}/admin/runs/${run.id}`, { token: api.token });
      return found.status === 200 ? (found.json as DrainRun) : null;
    });
    expect(stored.reason).toBe(reason);
    expect((await send(`${api.adminUrl}/admin/resume`, { method: 'POST', token: api.token })).status).toBe(
      200,
    );
  });

  it('rate-limits a mutating endpoint with 429 RATE_LIMITED', async () => {
    const statuses: number[] = [];
    let last: unknown;
    for (let i = 0; i < 11; i++) {
      const res = await send(`${api.adminUrl}/admin/resume`, { method: 'POST', token: api.token });
      statuses.push(res.status);
      last = res.json;
    }
    expect(statuses.at(-1)).toBe(429);
    expect(last).toEqual({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: 'Too many requests, try again later',
    });
  });

  it('is still serving after all of it', async () => {
    expect((await send(`${api.adminUrl}/admin/state`, { token: api.token })).json).toMatchObject({
      state: 'serving',
    });
    expect((await send(`${api.trafficUrl}/demo/fast`)).status).toBe(200);
    expect(api.proc.exitCode).toBeNull();
  });
});
