// HAProxy (deploy/haproxy/haproxy.cfg, retries and redispatch off) in front of 3 built API instances on one
// Postgres, under steady keep-alive load: a SIGTERM and a full rolling restart cost zero requests, because
// readiness turns red at once and the listener closes only after DRAIN_LB_DELAY_MS, longer than HAProxy's
// inter x fall.
import { createConnection } from 'node:net';

import pg from 'pg';

import { pollUntil } from '@drainboard/test-support';

import { serverStatus, shippedCheckTiming } from './support/haproxy.js';
import { type HaproxyFleet, startHaproxyFleet } from './support/haproxy-fleet.js';
import { steadyLoad } from './support/steady-load.js';

const timing = shippedCheckTiming();
/** Worst case for HAProxy to mark a server DOWN is inter x fall; the delay leaves 1.5 s on top for a busy machine. */
const LB_DELAY_MS = timing.interMs * timing.fall + 1500;
const LOAD_PATHS = ['/demo/fast', '/demo/fast', '/demo/slow?ms=150'];

let fleet: HaproxyFleet;

/** Resolves with the time a TCP connection to `port` was first refused; polls every 20 ms until `stop()`. */
function watchRefusal(port: number): { refusedAt: Promise<number>; stop(): void } {
  let stopped = false;
  const refusedAt = new Promise<number>((resolveAt, reject) => {
    const attempt = (): void => {
      if (stopped) {
        return reject(new Error('stopped before the listener closed'));
      }
      const conn = createConnection({ host: '127.0.0.1', port });
      conn.once('connect', () => {
        conn.destroy();
        setTimeout(attempt, 20);
      });
      conn.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') {
          resolveAt(Date.now());
        } else {
          setTimeout(attempt, 20);
        }
      });
    };
    attempt();
  });
  refusedAt.catch(() => undefined);
  return { refusedAt, stop: () => (stopped = true) };
}

/** Resolves with the time HAProxy's stats first showed `name` DOWN; polls the stats socket every 20 ms. */
function watchDown(name: string): Promise<number> {
  return pollUntil(
    async () =>
      (await serverStatus(fleet.haproxy.statsSocket)).get(name)?.startsWith('DOWN') ? Date.now() : null,
    { timeoutMs: 20_000, intervalMs: 20, description: `HAProxy marking ${name} DOWN` },
  );
}

async function closeListenerStartedAt(instanceId: string): Promise<number> {
  const client = new pg.Client({ connectionString: fleet.db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ started_at: Date }>(
      `SELECT s.started_at FROM drain_stages s JOIN drain_runs r ON r.id = s.run_id
        WHERE r.instance_id = $1 AND s.name = 'close-listener' ORDER BY s.started_at DESC LIMIT 1`,
      [instanceId],
    );
    if (!rows[0]) {
      throw new Error(`no close-listener stage recorded for ${instanceId}`);
    }
    return rows[0].started_at.getTime();
  } finally {
    await client.end();
  }
}

function waitForCompleted(load: { completed(): number }, more: number): Promise<boolean> {
  const target = load.completed() + more;
  return pollUntil(() => load.completed() >= target, {
    timeoutMs: 20_000,
    description: `${more} more requests through HAProxy`,
  });
}

beforeAll(async () => {
  fleet = await startHaproxyFleet(['api-1', 'api-2', 'api-3'], (server, databaseUrl) => ({
    DATABASE_URL: databaseUrl,
    INSTANCE_ID: server.name,
    DRAIN_LB_DELAY_MS: String(LB_DELAY_MS),
    DRAIN_DEADLINE_MS: '15000',
    DEMO_JOB_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
  }));
}, 60_000);

afterAll(() => fleet?.stop());

/** Sum of a counter's samples whose labels include every `labels` pair, from a /metrics text. */
function counterSum(metrics: string, name: string, labels: string[]): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && labels.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

interface StopStep {
  instance: string;
  exitCode: number | null;
  /** When HAProxy's stats first showed the server DOWN, minus when its listener refused a connection. */
  downBeforeRefusedMs: number;
  /** The same against the close-listener stage's start as the run recorded it. */
  downBeforeCloseListenerMs: number;
  /** From SIGTERM to the first refused connection. */
  servedAfterSigtermMs: number;
}

// One pass does both scenarios: the first step is a single SIGTERM with the other two serving; the three steps
// together are a full rolling restart. Every step is checked the same way, under one continuous load.
describe('HAProxy in front of 3 instances (retries and redispatch off)', () => {
  it('loses no request while each instance in turn gets SIGTERM, is restarted and is ready again', async () => {
    const load = steadyLoad(fleet.haproxy.url, { workers: 6, paths: LOAD_PATHS, pauseMs: 3 });
    await waitForCompleted(load, 200);
    const steps: StopStep[] = [];
    for (const server of fleet.servers) {
      const refusal = watchRefusal(server.trafficPort);
      const downAt = watchDown(server.name);
      const sentAt = Date.now();
      const exit = await fleet.apis.get(server.name)!.stop('SIGTERM');
      const refusedAt = await refusal.refusedAt;
      refusal.stop();
      steps.push({
        instance: server.name,
        exitCode: exit.code,
        downBeforeRefusedMs: refusedAt - (await downAt),
        downBeforeCloseListenerMs: (await closeListenerStartedAt(server.name)) - (await downAt),
        servedAfterSigtermMs: refusedAt - sentAt,
      });
      await fleet.start(server);
      await fleet.waitForStatus(server.name, (s) => s === 'UP', 'UP after its restart');
      await waitForCompleted(load, 150);
    }
    const result = await load.stop();

    expect({ failed: result.failed, failures: result.failures }).toEqual({ failed: 0, failures: [] });
    expect(result.ok).toBeGreaterThan(1000);
    for (const step of steps) {
      // HAProxy's own view (stats socket) turned DOWN before the listener closed, seen from outside (refused
      // connections) and as the run recorded it; the listener stayed open for the LB delay.
      expect(step).toEqual({
        instance: step.instance,
        exitCode: 0,
        downBeforeRefusedMs: expect.any(Number),
        downBeforeCloseListenerMs: expect.any(Number),
        servedAfterSigtermMs: expect.any(Number),
      });
      expect(step.downBeforeRefusedMs).toBeGreaterThan(0);
      expect(step.downBeforeCloseListenerMs).toBeGreaterThan(0);
      expect(step.servedAfterSigtermMs).toBeGreaterThanOrEqual(LB_DELAY_MS - 50);
    }
    // Every restarted process took traffic through HAProxy again (its own request counter, from its /metrics).
    for (const server of fleet.servers) {
      const metrics = await (await fetch(`${fleet.apis.get(server.name)!.adminUrl}/metrics`)).text();
      const served = counterSum(metrics, 'http_server_requests_total', [
        'route="/demo/fast"',
        'status_code="200"',
      ]);
      expect({ instance: server.name, served: served > 0 }).toEqual({ instance: server.name, served: true });
    }
  }, 150_000);
});
