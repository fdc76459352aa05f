import { pollUntil } from '@drainboard/test-support';

import { send, sendJson } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { setDatabaseReachable, useTestDatabase } from './support/test-database.js';

const db = useTestDatabase();
let api: ApiProcess;

beforeAll(async () => {
  api = await startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0' } });
});

const ready = () => send(`${api.adminUrl}/health/ready`);
const live = () => send(`${api.adminUrl}/health/live`);

describe('GET /health/live and /health/ready', () => {
  it('are up while serving, without a token, with the drain and the database reported', async () => {
    const res = await ready();
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'ok',
      details: { drain: { status: 'up' }, database: { status: 'up', responseTimeMs: expect.any(Number) } },
    });
    expect(await live()).toMatchObject({
      status: 200,
      json: { status: 'ok', details: { process: { status: 'up' } } },
    });
  });

  it('keeps readiness green through a short database blink, red after three failed checks, green when it is back', async () => {
    await setDatabaseReachable(db, false);
    try {
      for (const attempt of [1, 2]) {
        const res = await ready();
        expect({ attempt, status: res.status, body: res.json }).toMatchObject({
          attempt,
          status: 200,
          body: { status: 'degraded', details: { database: { status: 'degraded', failures: attempt } } },
        });
      }
      const third = await ready();
      expect({ status: third.status, body: third.json }).toMatchObject({
        status: 503,
        body: { status: 'error', error: { database: { status: 'down', failures: 3 } } },
      });
    } finally {
      await setDatabaseReachable(db, true);
    }
    await pollUntil(async () => (await ready()).status === 200, { description: 'readiness back to 200' });
  });

  it('turns readiness red during a drain while liveness stays up, and green again on resume', async () => {
    expect((await sendJson(`${api.adminUrl}/admin/drain`, {}, { token: api.token })).status).toBe(202);
    const red = await pollUntil(async () => {
      const res = await ready();
      return res.status === 503 && res;
    });
    expect(red.json).toMatchObject({ status: 'error', error: { drain: { status: 'down' } } });
    expect(red.json).toMatchObject({ details: { database: { status: 'up' } } });
    expect((await live()).status).toBe(200);
    expect((await send(`${api.adminUrl}/admin/resume`, { method: 'POST', token: api.token })).status).toBe(
      200,
    );
    expect((await ready()).status).toBe(200);
  });
});
