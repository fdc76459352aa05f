import { within } from '../clock/drain-clock.js';
import { errorMessage } from '../error-message.js';
import {
  type DrainContext,
  type DrainStageStep,
  type PreparedRealtimeCloser,
  timeLeft,
} from '../run/drain-context.js';
import { isEventStream } from '../tracking/tracked-request.js';

const REALTIME_SOCKET_WAIT_MS = 1000;
/** Reconnection delay sent to server-sent-events clients in their last event. */
export const SSE_RETRY_MS = 1000;
/** The last event of an SSE stream: reconnect (elsewhere) after `retry` ms. */
const LAST_SSE_EVENT = `event: reconnect\nretry: ${SSE_RETRY_MS}\ndata: {"reason":"server going away"}\n\n`;

/**
 * Lets each closer that can prepare (find its servers) do so now, while requests drain. A preparation that throws
 * is ignored: the closer then does the work itself at the stage, where a failure is recorded.
 */
export function prepareRealtime(ctx: DrainContext): void {
  for (const close of ctx.realtime.values() as Iterable<PreparedRealtimeCloser>) {
    try {
      close.prepare?.({ deadlineAt: ctx.deadlineAt });
    } catch {
      // recorded by the stage, if the closer fails again there
    }
  }
}

/** Every registered closer at once (each waits for its own clients), results in registration order. */
function runClosers(ctx: DrainContext): Promise<Array<Record<string, unknown>>> {
  return Promise.all(
    [...ctx.realtime].map(async ([name, close]): Promise<Record<string, unknown>> => {
      try {
        const closed = await within(
          ctx.options.clock,
          close({ deadlineAt: ctx.deadlineAt }),
          Math.max(timeLeft(ctx), 50),
        );
        return closed === 'timeout' ? { name, outcome: 'timeout' } : { name, outcome: 'ok', closed };
      } catch (error) {
        return { name, outcome: 'failed', error: errorMessage(error) };
      }
    }),
  );
}

/**
 * SSE streams get a last event with `retry:` and end cleanly; long-polls and upgraded sockets the closers
 * did not handle get a FIN; whatever is still open after a short wait is destroyed.
 */
async function endRealtimeSockets(ctx: DrainContext): Promise<{ sse: number; otherRealtime: number }> {
  const requests = ctx.traffic.requests.realtime();
  let sse = 0;
  for (const entry of requests) {
    // The app may still write to the stream it thinks is open: never let that throw.
    entry.res.on('error', () => undefined);
    if (isEventStream(entry) && !entry.res.writableEnded) {
      entry.res.end(LAST_SSE_EVENT);
      sse++;
    }
  }
  const open = ctx.traffic.connections.realtimeSockets();
  if (open.length === 0) {
    return { sse, otherRealtime: 0 };
  }
  for (const conn of open) {
    conn.socket.end();
  }
  const sockets = open.map((conn) => conn.socket);
  const closed = Promise.all(
    sockets.map((s) => (s.closed ? Promise.resolve() : new Promise((r) => s.once('close', r)))),
  );
  if (
    (await within(ctx.options.clock, closed, Math.min(REALTIME_SOCKET_WAIT_MS, timeLeft(ctx)))) === 'timeout'
  ) {
    for (const socket of sockets) {
      socket.destroy();
    }
  }
  return { sse, otherRealtime: open.length - sse };
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
