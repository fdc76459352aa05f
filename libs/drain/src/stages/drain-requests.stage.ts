import { within } from '../clock/drain-clock.js';
import { effectiveAbortLead } from '../drain-options.js';
import { type DrainContext, type DrainStageStep } from '../run/drain-context.js';
import { cutAtDeadline, type DeadlineCut } from '../tracking/deadline-cut.js';
import { socketAccount } from '../tracking/socket-account.js';
import { prepareRealtime } from './close-realtime.stage.js';

interface Pending {
  requests: number;
  jobs: number;
  sockets: number;
}

/** Longest wait for the sockets destroyed at the deadline to report closed (their counts end the ledger). */
const CUT_CLOSE_WAIT_MS = 200;

function pending(ctx: DrainContext): Pending {
  // Plain HTTP sockets still open: upgraded and SSE ones are closed by the close-realtime stage.
  const { idle, busy } = ctx.traffic.connections.counts();
  return {
    requests: ctx.traffic.requests.inFlight().length,
    jobs: ctx.jobs.running.size,
    sockets: idle + busy,
  };
}

/**
 * Nothing pending, without counting: O(1) amortized, asked at every request and socket event. A request in flight
 * keeps its socket plain (not realtime), so no plain socket means no request in flight either.
 */
const drained = (ctx: DrainContext): boolean =>
  ctx.jobs.running.size === 0 &&
  !ctx.traffic.connections.hasPlainSocket() &&
  !ctx.traffic.requests.hasOrphanInFlight();

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
      if (drained(ctx)) {
        finish();
      }
    };
    const timer = ctx.options.clock.setTimeout(finish, until - ctx.options.clock.now());
    ctx.traffic.onChange = check;
    ctx.jobs.onChange = check;
    ctx.interrupted.addEventListener('abort', finish, { once: true });
    ctx.deadlineReached.addEventListener('abort', finish, { once: true });
    check();
  });
}

type CutSummary = Omit<DeadlineCut, 'aborted' | 'closed'> & { aborted: number };

/**
 * Cuts off what is left at the deadline, records each aborted request, waits for the sockets to close. With no
 * request in flight and no HTTP socket open (`left`) there is nothing to cut: no timer, no wait.
 */
async function cutOff(ctx: DrainContext, left: Pending): Promise<CutSummary> {
  if (left.requests === 0 && left.sockets === 0) {
    return { aborted: 0, cutReasons: {}, incompleteHeads: [] };
  }
  const { aborted, cutReasons, incompleteHeads, closed } = cutAtDeadline(
    ctx.traffic,
    ctx.options.clock.now(),
  );
  for (const request of aborted) {
    ctx.run.abortedRequests.push(request);
    ctx.events.emit({ type: 'request-aborted', runId: ctx.run.id, request });
  }
  ctx.run.abortedCount = ctx.run.abortedRequests.length;
  await within(ctx.options.clock, closed, CUT_CLOSE_WAIT_MS);
  return { aborted: aborted.length, cutReasons, incompleteHeads };
}

/**
 * Waits, event-driven, until no request, job or HTTP socket is left. From here the last response on
 * each socket carries `Connection: close`; AbortSignals fire `abortLeadMs` before the deadline; at the
 * deadline the rest is destroyed and reported. Every socket is accounted for by how it ended.
 */
export const drainRequestsStage: DrainStageStep = {
  name: 'drain-requests',
  run: async (ctx) => {
    const { clock, idleSocketGraceMs } = ctx.options;
    const atStart = pending(ctx);
    const atStartReading = ctx.traffic.socketReading();
    ctx.traffic.startClosing(idleSocketGraceMs);
    // While requests drain: what close-realtime needs that does not depend on how the drain ends.
    prepareRealtime(ctx);
    const abortAt = ctx.deadlineAt - effectiveAbortLead(ctx.options, ctx.run.deadlineMs);
    await waitUntilDrained(ctx, abortAt);
    if (!drained(ctx) && !ctx.interrupted.aborted) {
      ctx.traffic.requests.fireAbortSignals();
      await waitUntilDrained(ctx, ctx.deadlineAt);
    }
    const left = pending(ctx);
    const interrupted = ctx.interrupted.aborted;
    const cut = interrupted ? { aborted: 0, cutReasons: {}, incompleteHeads: [] } : await cutOff(ctx, left);
    const jobsLeft = interrupted ? [] : [...ctx.jobs.running].map((job) => job.name);
    return {
      outcome: cut.aborted > 0 || jobsLeft.length > 0 ? 'aborted' : 'ok',
      details: {
        atStart,
        left,
        abortedRequests: cut.aborted,
        jobsStillRunning: jobsLeft,
        sockets: socketAccount(ctx, atStartReading, cut.cutReasons),
        ...(cut.incompleteHeads.length > 0 ? { incompleteHeads: cut.incompleteHeads } : {}),
        waitedUntil: ctx.events.iso(clock.now()),
      },
    };
  },
};
