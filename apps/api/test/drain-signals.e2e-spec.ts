import type { InstanceStateResponse } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { networkError, type RawResponse, send } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

/** How late after the deadline the process may exit (the bound). */
const EXIT_SLACK_MS = 250;

const db = useTestDatabase();

const boot = (env: Record<string, string>): Promise<ApiProcess> =>
  startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0', LOG_LEVEL: 'warn', ...env } });

async function inFlight(api: ApiProcess): Promise<number> {
  const res = await send(`${api.adminUrl}/admin/state`, { token: api.token });
  return (res.json as InstanceStateResponse).inFlight;
}

/** The response, or the network error code when the request was cut off. */
const settle = (request: Promise<RawResponse>): Promise<RawResponse | string> =>
  request.catch((error: NodeJS.ErrnoException) => error.code ?? error.message);

describe('SIGTERM on the built API (node dist/main.js)', () => {
  it('completes every in-flight /demo/slow request, refuses new connections meanwhile, and exits 0', async () => {
    const api = await boot({ DRAIN_DEADLINE_MS: '10000' });
    const requests = Array.from({ length: 4 }, () => send(`${api.trafficUrl}/demo/slow?ms=1500`));
    await pollUntil(async () => (await inFlight(api)) === 4, { description: '4 requests in flight' });

    const stopped = api.stop('SIGTERM');
    await pollUntil(async () => (await networkError(`${api.trafficUrl}/demo/fast`)) === 'ECONNREFUSED', {
      description: 'traffic listener closed',
    });
    const responses = await Promise.all(requests);

    expect(responses.map((res) => res.status)).toEqual([200, 200, 200, 200]);
    expect(responses.map((res) => (res.json as { waitedMs: number }).waitedMs >= 1500)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(await stopped).toMatchObject({ code: 0, signal: null });
  });

  it('cuts off what is left at DRAIN_DEADLINE_MS, exits 1 within the deadline, and lets handlers give up first', async () => {
    const deadlineMs = 1000;
    const api = await boot({ DRAIN_DEADLINE_MS: String(deadlineMs) });
    const stream = settle(send(`${api.trafficUrl}/demo/stream?ms=20000`));
    const slow = settle(send(`${api.trafficUrl}/demo/slow?ms=20000`));
    await pollUntil(async () => (await inFlight(api)) === 2, { description: '2 requests in flight' });

    const exit = await api.stop('SIGTERM');

    expect(exit.code).toBe(1);
    expect(exit.ms).toBeLessThan(deadlineMs + EXIT_SLACK_MS);
    // /demo/slow observes the request AbortSignal and answers before the cut-off.
    expect(await slow).toMatchObject({
      status: 503,
      json: { message: expect.stringMatching(/drain deadline/) },
    });
    // /demo/stream ignores it and is cut off: the client never gets a complete response.
    // Either the connection is reset mid-body, or the body that arrived stops before its end; a refused or
    // never-sent request (any other error) does not count as cut off.
    const streamed = await stream;
    if (typeof streamed === 'string') {
      expect(streamed).toMatch(/ECONNRESET|aborted|terminated|socket hang up/);
    } else {
      const received = { status: streamed.status, complete: streamed.text.includes('done after') };
      expect(received).toEqual({ status: 200, complete: false });
    }
  });

  it('keeps serving during DRAIN_LB_DELAY_MS while readiness is red, then exits 0', async () => {
    const lbDelayMs = 1500;
    const api = await boot({ DRAIN_DEADLINE_MS: '10000', DRAIN_LB_DELAY_MS: String(lbDelayMs) });
    expect((await send(`${api.adminUrl}/health/ready`)).status).toBe(200);

    const signalledAt = performance.now();
    const stopped = api.stop('SIGTERM');
    await pollUntil(async () => (await send(`${api.adminUrl}/health/ready`)).status === 503, {
      description: 'readiness 503',
    });
    const duringDelay = await send(`${api.trafficUrl}/demo/fast`);
    const answeredAfterMs = performance.now() - signalledAt;

    expect(duringDelay.status).toBe(200);
    expect(answeredAfterMs).toBeLessThan(lbDelayMs);
    const exit = await stopped;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeGreaterThanOrEqual(lbDelayMs);
  });

  it('ignores a second SIGTERM and exits with 1 at once on a third, long before the deadline', async () => {
    const deadlineMs = 20_000;
    const api = await boot({ DRAIN_DEADLINE_MS: String(deadlineMs) });
    const slow = settle(send(`${api.trafficUrl}/demo/stream?ms=30000`));
    await pollUntil(async () => (await inFlight(api)) === 1, { description: '1 request in flight' });

    const signalledAt = performance.now();
    api.proc.kill('SIGTERM');
    await pollUntil(async () => (await send(`${api.adminUrl}/health/ready`)).status === 503, {
      description: 'readiness 503',
    });
    api.proc.kill('SIGTERM');
    await pollUntil(() => /received again/.test(api.stdout() + api.stderr()), {
      description: 'second signal logged',
    });
    api.proc.kill('SIGTERM');
    const { code } = await api.exited;

    expect(code).toBe(1);
    expect(performance.now() - signalledAt).toBeLessThan(deadlineMs / 2);
    expect(api.stdout() + api.stderr()).toMatch(/third time/);
    await slow;
  });
});
