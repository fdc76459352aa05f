// A rolling drain across 3 instances behind HAProxy (the shipped check timing), under steady keep-alive load:
// one instance at a time is drained, waited for, resumed, and the next one goes only once the min-ready guard
// holds. Progress arrives on a live client of another instance; cancelling resumes what was taken out.
import type { RollingDrain } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import type { ApiProcess } from './support/api-process.js';
import { fleetEnv, listInstances } from './support/fleet.js';
import { shippedCheckTiming } from './support/haproxy.js';
import { type HaproxyFleet, startHaproxyFleet } from './support/haproxy-fleet.js';
import { connectLive, type LiveClient } from './support/live-client.js';
import { steadyLoad } from './support/steady-load.js';

const timing = shippedCheckTiming();
const LB_DELAY_MS = timing.interMs * timing.fall + 1000;

let fleet: HaproxyFleet;
let apis: ApiProcess[] = [];
let live: LiveClient | undefined;

const rolling = (api: ApiProcess, method: string, body?: unknown) =>
  send(`${api.adminUrl}/admin/fleet/rolling-drain`, {
    method,
    token: api.token,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  fleet = await startHaproxyFleet(['roll-1', 'roll-2', 'roll-3'], (server, databaseUrl) =>
    fleetEnv(databaseUrl, server.name, {
      DRAIN_LB_DELAY_MS: String(LB_DELAY_MS),
      FLEET_MIN_READY: '2',
      FLEET_COMMAND_TIMEOUT_MS: '5000',
    }),
  );
  apis = fleet.servers.map((server) => fleet.apis.get(server.name)!);
}, 60_000);

afterAll(async () => {
  live?.close();
  await fleet?.stop();
});

describe('POST /admin/fleet/rolling-drain', () => {
  it('drains and resumes every instance one at a time with zero failed requests, progress live on another instance', async () => {
    const [first, , third] = apis as [ApiProcess, ApiProcess, ApiProcess];
    live = connectLive(third.adminUrl, { token: third.token });
    await pollUntil(() => live!.lastSnapshot());
    const load = steadyLoad(fleet.haproxy.url, {
      workers: 4,
      paths: ['/demo/fast', '/demo/slow?ms=100'],
      pauseMs: 5,
    });
    await pollUntil(() => load.completed() > 100);

    const started = await rolling(first, 'POST', { mode: 'resume', deadlineMs: 10_000 });
    expect(started.status).toBe(202);
    const rollout = started.json as RollingDrain;
    expect(rollout).toMatchObject({ coordinatorId: 'roll-1', status: 'running', mode: 'resume' });
    expect(rollout.steps.map((s) => s.instanceId)).toEqual(['roll-2', 'roll-3', 'roll-1']);
    expect((await rolling(third, 'POST', { mode: 'resume' })).json).toMatchObject({
      statusCode: 409,
      code: 'ROLLING_DRAIN_ACTIVE',
    });

    const done = await pollUntil(
      async () => {
        const current = (await rolling(third, 'GET')).json as RollingDrain;
        return current.id === rollout.id && current.status !== 'running' ? current : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: 'the rolling drain to finish' },
    );
    const result = await load.stop();
    expect({ status: done.status, message: done.message }).toEqual({ status: 'done', message: null });
    expect(done.steps.map((s) => [s.instanceId, s.status])).toEqual([
      ['roll-2', 'done'],
      ['roll-3', 'done'],
      ['roll-1', 'done'],
    ]);
    expect({ failed: result.failed, failures: result.failures }).toEqual({ failed: 0, failures: [] });
    // One at a time: each step started after the previous one ended.
    for (let i = 1; i < done.steps.length; i++) {
      expect(Date.parse(done.steps[i]!.startedAt!)).toBeGreaterThanOrEqual(
        Date.parse(done.steps[i - 1]!.endedAt!),
      );
    }
    const progress = live.events
      .filter((e) => e.name === 'rolling-drain')
      .map((e) => e.payload as RollingDrain);
    expect(
      progress.some((p) => p.steps.some((s) => s.instanceId === 'roll-2' && s.status === 'draining')),
    ).toBe(true);
    expect(progress.at(-1)).toMatchObject({ id: rollout.id, status: 'done' });
    expect((await listInstances(third)).ready).toBe(3);
  }, 90_000);

  it('is cancelled from another instance, and the instance it had taken out is resumed', async () => {
    const [first, second] = apis as [ApiProcess, ApiProcess, ApiProcess];
    const started = (await rolling(first, 'POST', { mode: 'resume', instances: ['roll-3', 'roll-2'] }))
      .json as RollingDrain;
    await pollUntil(
      async () => ((await rolling(second, 'GET')).json as RollingDrain).steps[0]?.status === 'draining',
    );
    const cancelled = await rolling(second, 'DELETE');
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ id: started.id, status: 'cancelled' });
    expect((cancelled.json as RollingDrain).steps.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    await pollUntil(async () => (await listInstances(first)).ready === 3);
    expect((await rolling(second, 'DELETE')).json).toMatchObject({
      statusCode: 404,
      code: 'ROLLING_DRAIN_NOT_FOUND',
    });
  }, 60_000);
});
