import { type DrainRun, type FleetDrainEvent, type FleetStatus, plannedStages } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import { type ApiProcess, killStartedApis } from './support/api-process.js';
import {
  type FleetPostgres,
  instanceSeenBy,
  listInstances,
  startFleet,
  startFleetPostgres,
} from './support/fleet.js';
import { connectLive, type LiveClient } from './support/live-client.js';

const json = (body: unknown): { headers: Record<string, string>; body: string } => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Three API processes on loopback sharing one Postgres, as in a real deployment. */
describe('the fleet (3 instances, one Postgres)', () => {
  let pg: FleetPostgres;
  let a: ApiProcess;
  let b: ApiProcess;
  let c: ApiProcess;
  const clients: LiveClient[] = [];

  const post = (api: ApiProcess, path: string, body: unknown = {}) =>
    send(`${api.adminUrl}${path}`, { method: 'POST', token: api.token, ...json(body) });
  const stateOf = async (api: ApiProcess): Promise<string> =>
    ((await send(`${api.adminUrl}/admin/state`, { token: api.token })).json as { state: string }).state;

  beforeAll(async () => {
    pg = await startFleetPostgres();
    [a, b, c] = (await startFleet(pg.url, ['fleet-a', 'fleet-b', 'fleet-c'], { FLEET_MIN_READY: '2' })) as [
      ApiProcess,
      ApiProcess,
      ApiProcess,
    ];
    for (const api of [a, b, c]) {
      await pollUntil(async () => (await instanceSeenBy(a, idOf(api)))?.state === 'serving');
    }
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) {
      client.close();
    }
    await killStartedApis();
    await pg?.destroy();
  });

  function idOf(api: ApiProcess): string {
    return api === a ? 'fleet-a' : api === b ? 'fleet-b' : 'fleet-c';
  }

  async function liveClientOn(api: ApiProcess): Promise<LiveClient> {
    const client = connectLive(api.adminUrl, { token: api.token });
    clients.push(client);
    await pollUntil(() => client.lastSnapshot());
    return client;
  }

  it('lists every instance with its addresses, version and a fresh heartbeat, from any admin port', async () => {
    const seen = await instanceSeenBy(c, 'fleet-a');
    expect(seen).toMatchObject({
      state: 'serving',
      adminUrl: a.adminUrl,
      trafficUrl: a.trafficUrl,
      version: '0.1.0',
    });
    expect(seen!.heartbeatAgeMs).toBeLessThan(2000);
  });

  it("shows a client connected to A instance B's drain stages live, in order, each named with B", async () => {
    const client = await liveClientOn(a);
    const drained = await post(b, '/admin/drain', { reason: 'fleet feed test' });
    expect(drained.status).toBe(202);
    const runId = (drained.json as DrainRun).id;
    const fromB = (): FleetDrainEvent[] =>
      client.events
        .filter((e) => e.name === 'fleet-event')
        .map((e) => e.payload as FleetDrainEvent)
        .filter(
          (e) =>
            e.instanceId === 'fleet-b' &&
            ('runId' in e ? e.runId === runId : 'run' in e && e.run.id === runId),
        );
    await pollUntil(() => fromB().some((e) => e.type === 'run-end'), { description: 'run-end of B on A' });
    const stages = fromB()
      .filter((e) => e.type === 'stage-start')
      .map((e) => (e.type === 'stage-start' ? e.stage : ''));
    expect(stages).toEqual(plannedStages('drain'));
    const seqs = fromB().map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(
      client.events.some(
        (e) => e.name === 'batch' && (e.payload as { instanceId: string }).instanceId !== 'fleet-a',
      ),
    ).toBe(false);
    expect((await post(b, '/admin/resume')).status).toBe(200);
  });

  it('drains C through A while A and B keep serving, and resumes it through B', async () => {
    const drained = await post(a, '/admin/instances/fleet-c/drain', { reason: 'through A' });
    expect(drained.status).toBe(202);
    expect(drained.json).toMatchObject({ instanceId: 'fleet-c', command: 'drain', receivedBy: 'fleet-a' });
    const run = (drained.json as { result: DrainRun }).result;
    expect(run).toMatchObject({
      instanceId: 'fleet-c',
      trigger: { source: 'admin', via: 'fleet-a', reason: 'through A' },
    });
    await pollUntil(async () => (await stateOf(c)) === 'drained');
    expect((await send(`${c.adminUrl}/health/ready`)).status).toBe(503);
    await expect(send(`${c.trafficUrl}/demo/fast`)).rejects.toThrow();
    for (const api of [a, b]) {
      expect(await stateOf(api)).toBe('serving');
      expect((await send(`${api.trafficUrl}/demo/fast`)).status).toBe(200);
    }
    const resumed = await post(b, '/admin/instances/fleet-c/resume');
    expect(resumed.status).toBe(200);
    expect(resumed.json).toMatchObject({
      instanceId: 'fleet-c',
      receivedBy: 'fleet-b',
      result: { state: 'serving' },
    });
    expect((await send(`${c.trafficUrl}/demo/fast`)).status).toBe(200);
    await pollUntil(async () => (await instanceSeenBy(a, 'fleet-c'))?.state === 'serving');
  });

  it('refuses a second concurrent drain that would leave fewer than FLEET_MIN_READY=2 ready, unless forced', async () => {
    const [first, second] = await Promise.all([
      post(a, '/admin/instances/fleet-b/drain'),
      post(b, '/admin/instances/fleet-c/drain'),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([202, 409]);
    const refused = first.status === 409 ? first : second;
    expect(refused.json).toMatchObject({ statusCode: 409, code: 'FLEET_MIN_READY' });
    const refusedTarget = first.status === 409 ? 'fleet-b' : 'fleet-c';
    const forced = await post(a, `/admin/instances/${refusedTarget}/drain`, { force: true });
    expect(forced.status).toBe(202);
    for (const id of ['fleet-b', 'fleet-c']) {
      expect((await post(a, `/admin/instances/${id}/resume`)).status).toBe(200);
    }
    await pollUntil(async () => (await listInstances(a)).ready === 3);
  });

  it('answers 404 for an unknown instance, 409 for a wrong state and 400 for a bad body', async () => {
    expect((await post(a, '/admin/instances/nobody/drain')).json).toMatchObject({
      statusCode: 404,
      code: 'INSTANCE_NOT_FOUND',
    });
    expect((await post(a, '/admin/instances/%F0%9F%92%A5/stop')).status).toBe(404);
    expect((await post(a, '/admin/instances/fleet-b/resume')).json).toMatchObject({
      statusCode: 409,
      code: 'NOT_DRAINING',
    });
    const bad = await post(a, '/admin/instances/fleet-b/drain', { force: 'yes' });
    expect(bad.json).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers 504 when the target does not answer in time, and the late command is never run', async () => {
    c.proc.kill('SIGSTOP');
    try {
      const started = Date.now();
      const timedOut = await post(a, '/admin/instances/fleet-c/drain', { force: true });
      expect(timedOut.json).toMatchObject({ statusCode: 504, code: 'FLEET_TIMEOUT' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    } finally {
      c.proc.kill('SIGCONT');
    }
    await pollUntil(async () => ((await instanceSeenBy(a, 'fleet-c'))?.heartbeatAgeMs ?? Infinity) < 1000);
    expect(await stateOf(c)).toBe('serving');
  });

  it('rides out a Postgres restart: reconnects, the feed resumes, no run is lost, nobody is declared lost', async () => {
    const client = await liveClientOn(a);
    const ids = ['fleet-a', 'fleet-b', 'fleet-c'];
    await pg.stop();
    const stoppedAt = Date.now();
    // A drain and resume of C while the database is down: its run must reach the history once it is back.
    const drained = await post(c, '/admin/drain', { reason: 'during the outage' });
    expect(drained.status).toBe(202);
    await pollUntil(async () => (await stateOf(c)) === 'drained');
    expect((await post(c, '/admin/resume')).status).toBe(200);
    // Down for longer than the heartbeat timeout (2 s): every heartbeat is overdue when it comes back.
    await pollUntil(() => Date.now() - stoppedAt > 3000, { timeoutMs: 5000 });
    await pg.start();

    const fleetBack = await pollUntil(
      async () => {
        const listed = (await listInstances(b)).instances.filter((i) => ids.includes(i.id));
        return listed.length === 3 && listed.every((i) => i.heartbeatAgeMs < 1000) ? listed : null;
      },
      { timeoutMs: 15_000, description: 'fresh heartbeats of all three after the restart' },
    );
    expect(fleetBack.map((i) => [i.id, i.state, i.lostAt])).toEqual(ids.map((id) => [id, 'serving', null]));
    const outageRun = (drained.json as DrainRun).id;
    const stored = await pollUntil(
      async () => {
        const found = await send(`${a.adminUrl}/admin/runs/${outageRun}`, { token: a.token });
        return found.status === 200 ? (found.json as DrainRun) : null;
      },
      { timeoutMs: 10_000, description: 'the run of the outage in the history' },
    );
    expect(stored).toMatchObject({ instanceId: 'fleet-c', reason: 'during the outage' });

    // The feed across instances works again (once the adapter has re-listened: NOTIFYs sent before are lost, and
    // the statuses B re-sends at least every 5 s tell when): B's stages reach the client on A.
    const restartedAt = new Date().toISOString();
    await pollUntil(
      () =>
        client.events.some(
          (e) =>
            e.name === 'fleet-status' &&
            (e.payload as { instances: FleetStatus[] }).instances.some(
              (s) => s.instanceId === 'fleet-b' && s.at > restartedAt,
            ),
        ),
      { timeoutMs: 10_000, description: "a fresh status of B on A's client" },
    );
    const againResponse = await post(b, '/admin/drain', { reason: 'after the restart' });
    expect(againResponse.status).toBe(202);
    const again = againResponse.json as DrainRun;
    await pollUntil(
      () =>
        client.events.some(
          (e) =>
            e.name === 'fleet-event' &&
            (e.payload as FleetDrainEvent).type === 'run-end' &&
            (e.payload as { run?: DrainRun }).run?.id === again.id,
        ),
      { timeoutMs: 15_000, description: "B's run-end on A after the restart" },
    );
    expect((await post(b, '/admin/resume')).status).toBe(200);
  });

  it('marks B lost within the heartbeat timeout after kill -9 and closes its unfinished run as interrupted', async () => {
    // A request that outlives the drain's deadline keeps B's run in drain-requests when the process dies.
    void send(`${b.trafficUrl}/demo/slow?ms=20000`).catch(() => undefined);
    await pollUntil(
      async () =>
        ((await send(`${b.adminUrl}/admin/state`, { token: b.token })).json as { inFlight: number })
          .inFlight > 0,
    );
    const drained = await post(b, '/admin/drain', { deadlineMs: 60_000 });
    const runId = (drained.json as DrainRun).id;
    // Killed once the database has the run in drain-requests, as A sees it.
    await pollUntil(async () => {
      const stored = await send(`${a.adminUrl}/admin/runs/${runId}`, { token: a.token });
      return (
        stored.status === 200 && (stored.json as DrainRun).stages.some((s) => s.name === 'drain-requests')
      );
    });
    const killedAt = Date.now();
    b.proc.kill('SIGKILL');
    for (const watcher of [a, c]) {
      await pollUntil(async () => (await instanceSeenBy(watcher, 'fleet-b'))?.state === 'lost', {
        timeoutMs: 8000,
        description: `B lost as seen by ${idOf(watcher)}`,
      });
    }
    expect(Date.now() - killedAt).toBeLessThan(2000 + 3000);
    const run = await pollUntil(async () => {
      const found = (await send(`${c.adminUrl}/admin/runs/${runId}`, { token: c.token })).json as DrainRun;
      return found.outcome === 'interrupted' ? found : null;
    });
    expect(run.stages.map((s) => s.name)).toEqual(
      expect.arrayContaining(['trigger', 'unready', 'drain-requests']),
    );
    expect(run.stages.find((s) => s.name === 'drain-requests')?.outcome).toBe('interrupted');
    expect(run.finishedAt).not.toBeNull();
    expect(await stateOf(a)).toBe('serving');
    expect(await stateOf(c)).toBe('serving');
    expect(await instanceSeenBy(a, 'fleet-c')).toMatchObject({ state: 'serving' });
  });
});
