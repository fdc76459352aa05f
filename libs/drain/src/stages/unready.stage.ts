import { timeLeft, type DrainStageStep } from '../run/drain-context.js';

/**
 * Readiness goes red and scheduled jobs start no new executions; the server keeps serving
 * normally for `lbDelayMs` so the load balancer notices before the listener closes.
 */
export const unreadyStage: DrainStageStep = {
  name: 'unready',
  run: async (ctx) => {
    ctx.setReady(false);
    ctx.jobs.pause();
    const waitMs = Math.min(ctx.options.lbDelayMs, timeLeft(ctx));
    await ctx.options.clock.sleep(waitMs, ctx.interrupted);
    return { details: { lbDelayMs: ctx.options.lbDelayMs, waitedMs: waitMs, jobsPaused: true } };
  },
};
