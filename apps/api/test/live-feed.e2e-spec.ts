import { DRAIN_STAGES, type DrainStage, type LiveDrainEvent } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { send, sendJson } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { connectLive, firstSnapshot, type LiveClient, received } from './support/live-client.js';
import { useTestDatabase } from './support/test-database.js';

const db = useTestDatabase();
const clients: LiveClient[] = [];

const start = (env: Record<string, string> = {}): Promise<ApiProcess> =>
  startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0', ...env } });
const live = (api: ApiProcess): LiveClient => {
  const client = connectLive(api.adminUrl, { token: api.token });
  clients.push(client);
  return client;
};
const hasRoute = (client: LiveClient, route: string): boolean =>
  [...client.inFlight.values()].some((request) => request.route === route);

afterEach(() => clients.splice(0).forEach((client) => client.close()));

describe('live feed /live', () => {
  it('shows a request in flight within 500 ms of its start and drops it within 500 ms of its end', async () => {
    const api = await start();
    const client = live(api);
    const snapshot = await firstSnapshot(client);
    expect(snapshot).toMatchObject({ state: 'serving', inFlight: [], currentRun: null });

    const startedAt = performance.now();
    const response = send(`${api.trafficUrl}/demo/slow?ms=1500`).then((res) => ({
      res,
      at: performance.now(),
    }));
    await pollUntil(() => hasRoute(client, '/demo/slow'), { timeoutMs: 2000, intervalMs: 5 });
    const appearedAfter = performance.now() - startedAt;

    const done = await response;
    expect(done.res.status).toBe(200);
    await pollUntil(() => !hasRoute(client, '/demo/slow'), { timeoutMs: 2000, intervalMs: 5 });
    const goneAfter = performance.now() - done.at;

    expect(appearedAfter).toBeLessThan(500);
    expect(goneAfter).toBeLessThan(500);
    await api.stop();
  });

  it('gives a client joining mid-drain the current run with its stages so far', async () => {
    const api = await start();
    const slow = send(`${api.trafficUrl}/demo/slow?ms=2000`);
    await pollUntil(
      async () =>
        ((await send(`${api.adminUrl}/admin/state`, { token: api.token })).json as { inFlight: number })
          .inFlight === 1,
    );
    const drain = await sendJson(
      `${api.adminUrl}/admin/drain`,
      { reason: 'mid-drain join' },
      { token: api.token },
    );
    expect(drain.status).toBe(202);

    const snapshot = await firstSnapshot(live(api));
    expect(snapshot.state).toBe('draining');
    expect(snapshot.currentRun?.reason).toBe('mid-drain join');
    expect(snapshot.currentRun?.stages.map((stage) => stage.name)).toEqual(
      expect.arrayContaining(['trigger', 'unready', 'close-listener', 'drain-requests']),
    );
    expect((await slow).status).toBe(200);
    await api.stop();
  });

  it('sends every stage start and end in order, through persist, then bye, before the socket closes', async () => {
    const api = await start();
    const client = live(api);
    await firstSnapshot(client);
    const slow = [1000, 1200].map((ms) => send(`${api.trafficUrl}/demo/slow?ms=${ms}`));
    await pollUntil(() => client.inFlight.size === 2, { description: 'two requests in flight' });

    const stop = await sendJson(`${api.adminUrl}/admin/stop`, { reason: 'live e2e' }, { token: api.token });
    expect(stop.status).toBe(202);
    expect((await Promise.all(slow)).map((res) => res.status)).toEqual([200, 200]);
    expect((await api.exited).code).toBe(0);
    await pollUntil(() => client.disconnects.length > 0, { description: 'the socket to close' });

    const stageEvents = received(client, 'stage-start', 'stage-end').map(({ name, payload }) => {
      const event = payload as LiveDrainEvent<'stage-start'> | LiveDrainEvent<'stage-end'>;
      return `${name}:${event.type === 'stage-end' ? event.stage.name : event.stage}`;
    });
    const ran = [...new Set(stageEvents.map((entry) => entry.split(':')[1] as DrainStage))];
    expect(ran).toEqual(DRAIN_STAGES.filter((stage) => ran.includes(stage)));
    expect(ran).toEqual(expect.arrayContaining(['trigger', 'drain-requests', 'app-hooks', 'persist']));
    expect(stageEvents).toEqual(ran.flatMap((stage) => [`stage-start:${stage}`, `stage-end:${stage}`]));

    const names = received(client).map((event) => event.name);
    expect(names.lastIndexOf('stage-end')).toBeLessThan(names.indexOf('bye'));
    expect(names.at(-1)).toBe('bye');
    expect(client.disconnects).toEqual(['transport close']);
  });
});
