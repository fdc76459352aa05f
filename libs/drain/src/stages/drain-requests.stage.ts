import { effectiveAbortLead } from '../drain-options.js';
import type { DrainContext, DrainStageStep } from '../run/drain-context.js';
import { toAborted } from '../tracking/tracked-request.js';

interface Pending {
  requests: number;
  jobs: number;
  sockets: number;
}

function pending(ctx: DrainContext): Pending {
  // Plain HTTP sockets still open: upgraded and SSE ones are closed by the close-realtime stage.
  const { idle, busy } = ctx.traffic.connections.counts();
  return {
    requests: ctx.traffic.requests.inFlight().length,
    jobs: ctx.jobs.running.size,
    sockets: idle + busy,
  };
}

const isDone = (p: Pending): boolean => p.requests === 0 && p.jobs === 0 && p.sockets === 0;

/** Resolves when nothing is pending, at `until`, or on interrupt; woken by request/socket/job events. */
function waitUntilDrained(ctx: DrainContext, until: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const finish = (): void => {
      timer.cancel();
      ctx.traffic.onChange = null;
      ctx.jobs.onChange = null;
      ctx.interrupted.removeEventListener('abort', finish);
      ctx.deadlineReached.removeEventListener('abort', finish);
      resolve();
    };
    const check = (): void => {
      if (isDone(pending(ctx))) finish();
    };
    const timer = ctx.options.clock.setTimeout(finish, until - ctx.options.clock.now());
    ctx.traffic.onChange = check;
    ctx.jobs.onChange = check;
    ctx.interrupted.addEventListener('abort', finish, { once: true });
    ctx.deadlineReached.addEventListener('abort', finish, { once: true });
    check();
  });
}

/** Cuts off what is left at the deadline and records each aborted request. */
function cutOff(ctx: DrainContext): number {
  const now = ctx.options.clock.now();
  const left = ctx.traffic.requests.inFlight();
  for (const entry of left) {
    const request = toAborted(entry, now);
    ctx.run.abortedRequests.push(request);
    ctx.events.emit({ type: 'request-aborted', runId: ctx.run.id, request });
    entry.req.socket.destroy();
  }
  for (const conn of ctx.traffic.connections.sockets) {
    if (!conn.upgraded && !conn.realtime) conn.socket.destroy();
  }
  ctx.run.abortedCount = ctx.run.abortedRequests.length;
  return left.length;
}

/**
 * Waits, event-driven, until no request, job or HTTP socket is left. From here responses carry
 * `Connection: close`; AbortSignals fire `abortLeadMs` before the deadline; at the deadline the rest
 * is destroyed and reported.
 */
export const drainRequestsStage: DrainStageStep = {
  name: 'drain-requests',
  run: async (ctx) => {
    const { clock, idleSocketGraceMs } = ctx.options;
    const atStart = pending(ctx);
    ctx.traffic.startClosing(idleSocketGraceMs);
    const abortAt = ctx.deadlineAt - effectiveAbortLead(ctx.options, ctx.run.deadlineMs);
    await waitUntilDrained(ctx, abortAt);
    if (!isDone(pending(ctx)) && !ctx.interrupted.aborted) {
      ctx.traffic.requests.fireAbortSignals();
      await waitUntilDrained(ctx, ctx.deadlineAt);
    }
    const left = pending(ctx);
    const interrupted = ctx.interrupted.aborted;
    const aborted = interrupted ? 0 : cutOff(ctx);
    const jobsLeft = interrupted ? [] : [...ctx.jobs.running].map((job) => job.name);
    return {
      outcome: aborted > 0 || jobsLeft.length > 0 ? 'aborted' : 'ok',
      details: {
        atStart,
        left,
        abortedRequests: aborted,
        jobsStillRunning: jobsLeft,
        waitedUntil: ctx.events.iso(clock.now()),
      },
    };
  },
};
