import {
  errorMessage,
  timeLeft,
  within,
  type DrainContext,
  type DrainStageStep,
} from '../run/drain-context.js';

const REALTIME_SOCKET_WAIT_MS = 1000;

async function runClosers(ctx: DrainContext): Promise<Array<Record<string, unknown>>> {
  const results: Array<Record<string, unknown>> = [];
  for (const [name, close] of ctx.realtime) {
    try {
      const closed = await within(ctx, close({ deadlineAt: ctx.deadlineAt }), Math.max(timeLeft(ctx), 50));
      results.push(closed === 'timeout' ? { name, outcome: 'timeout' } : { name, outcome: 'ok', closed });
    } catch (error) {
      results.push({ name, outcome: 'failed', error: errorMessage(error) });
    }
  }
  return results;
}

/** Ends SSE streams and upgraded sockets with a FIN; destroys those still open after a short wait. */
async function endRealtimeSockets(ctx: DrainContext): Promise<{ sse: number; upgraded: number }> {
  const streams = ctx.traffic.requests.realtime();
  for (const entry of streams) {
    entry.res.end();
    entry.req.socket.end();
  }
  const upgraded = [...ctx.traffic.connections.sockets].filter((conn) => conn.upgraded || conn.realtime);
  for (const conn of upgraded) conn.socket.end();
  const sockets = upgraded.map((conn) => conn.socket);
  const closed = Promise.all(
    sockets.map((s) => (s.closed ? Promise.resolve() : new Promise((r) => s.once('close', r)))),
  );
  if ((await within(ctx, closed, Math.min(REALTIME_SOCKET_WAIT_MS, timeLeft(ctx)))) === 'timeout') {
    for (const socket of sockets) socket.destroy();
  }
  return { sse: streams.length, upgraded: upgraded.length - streams.length };
}

/** Tells realtime clients to go (registered closers), then ends the traffic side's realtime sockets. */
export const closeRealtimeStage: DrainStageStep = {
  name: 'close-realtime',
  run: async (ctx) => {
    const closers = await runClosers(ctx);
    const sockets = await endRealtimeSockets(ctx);
    const failed = closers.some((c) => c.outcome !== 'ok');
    return { outcome: failed ? 'failed' : 'ok', details: { closers, ...sockets } };
  },
};
