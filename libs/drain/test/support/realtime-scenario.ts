import { pollUntil } from '@drainboard/test-support';

import { failoverProxy, socketIoClient, sseClient, wsClient } from './realtime-clients.js';
import { finish, type FixtureEnv, type ScenarioOutcome } from './scenarios.js';
import { spawnFixture } from './spawn-fixture.js';

/** How long the clients get, after the signal, to be closed and (socket.io) to reach the second instance. */
const SETTLE_AFTER_SIGNAL_MS = 6000;

/**
 * 10 socket.io clients on websocket and 10 on polling (through a failover front: A, else B), 10 `ws`
 * clients and 10 SSE clients, all on instance A at SIGTERM. Results: socket.io (20), ws (10), SSE (10).
 */
export async function realtime(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const [a, b] = await Promise.all([spawnFixture(fixture, env), spawnFixture(fixture, env)]);
  const proxy = await failoverProxy([a.port, b.port]);
  const sio = [
    ...Array.from({ length: 10 }, () => socketIoClient(proxy.port, 'websocket')),
    ...Array.from({ length: 10 }, () => socketIoClient(proxy.port, 'polling')),
  ];
  const ws = Array.from({ length: 10 }, () => wsClient(a.port));
  const sse = Array.from({ length: 10 }, () => sseClient(a.port));
  try {
    await Promise.all(ws.map((c) => c.opened));
    await pollUntil(
      () => sio.every((c) => c.connectedTo() === a.child.pid) && sse.every((c) => c.started()),
      { timeoutMs: 10000, description: 'realtime clients connected to A' },
    );
    const signalAt = a.signal('SIGTERM');
    const exited = finish(a, signalAt, []);
    const done = Promise.all([...ws.map((c) => c.closed), ...sse.map((c) => c.ended)]);
    await pollUntil(() => sio.every((c) => c.reconnected(b.child.pid!)), {
      timeoutMs: SETTLE_AFTER_SIGNAL_MS,
      description: 'reconnected',
    }).catch(() => undefined);
    const outcome = await exited;
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 500))]);
    const results = [
      ...sio.map((c) => c.outcome(b.child.pid!)),
      ...ws.map((c) => c.outcome()),
      ...sse.map((c) => c.outcome()),
    ];
    return finishWith(outcome, results);
  } finally {
    sio.forEach((c) => {
      c.socket.io.opts.reconnection = false;
      c.socket.close();
    });
    ws.forEach((c) => c.ws.terminate());
    sse.forEach((c) => c.destroy());
    // A polling client still closing writes its close packet through the proxy: let every engine reach `closed`
    // before the proxy and B go, or its failed request lands after Jest has torn the test file down.
    await pollUntil(() => sio.every((c) => c.socket.io.engine.readyState === 'closed'), {
      timeoutMs: 3000,
      description: 'socket.io clients closed',
    }).catch(() => undefined);
    proxy.close();
    b.kill();
  }
}

/** The outcome with the realtime clients' results and figures. */
function finishWith(outcome: ScenarioOutcome, results: ScenarioOutcome['results']): ScenarioOutcome {
  const completed = results.filter((r) => r.status === 200).length;
  const failures: Record<string, number> = {};
  for (const r of results.filter((x) => x.status !== 200)) {
    const kind = (r.error ?? '').split(/[,;]/)[0] ?? '';
    failures[kind] = (failures[kind] ?? 0) + 1;
  }
  const notes =
    outcome.figures.notes ?? (completed < results.length ? JSON.stringify(failures) : 'each closed cleanly');
  return {
    ...outcome,
    results,
    figures: { ...outcome.figures, completed, failed: results.length - completed, notes },
  };
}
