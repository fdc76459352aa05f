import { type DrainStageStep, timeLeft } from '../run/drain-context.js';

/**
 * Readiness goes red and scheduled jobs start no new executions; the server keeps serving
 * normally for `lbDelayMs` so the load balancer notices before the listener closes. When readiness
 * was already red (a stop after a drain), the balancer has long noticed: no wait.
 */
export const unreadyStage: DrainStageStep = {
  name: 'unready',
  run: async (ctx) => {
    const wasReady = ctx.isReady();
    ctx.setReady(false);
    ctx.jobs.pause();
    const waitMs = wasReady ? Math.min(ctx.options.lbDelayMs, timeLeft(ctx)) : 0;
    if (waitMs > 0) {
      await ctx.options.clock.sleep(waitMs, ctx.interrupted);
    }
    return {
      details: {
        lbDelayMs: ctx.options.lbDelayMs,
        waitedMs: waitMs,
        jobsPaused: true,
        ...(wasReady ? {} : { alreadyUnready: true }),
      },
    };
  },
};
