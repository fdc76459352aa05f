import { within } from '../clock/drain-clock.js';
import { MIN_STEP_BUDGET_MS } from '../drain.constants.js';
import { errorMessage } from '../error-message.js';
import { type DrainStageStep, timeLeft } from '../run/drain-context.js';

/**
 * Closes the traffic Nest app: every provider's shutdown hook runs, timed and bounded (see
 * HookRecorder); a hook that throws or hangs is recorded and never blocks the others or the exit.
 */
export const appHooksStage: DrainStageStep = {
  name: 'app-hooks',
  run: async (ctx) => {
    if (!ctx.app) {
      return {
        outcome: 'skipped',
        details: { reason: 'no application registered (enableDrainShutdownHooks)' },
      };
    }
    ctx.hooks.records = [];
    let error: string | undefined;
    const closing = ctx.app.close().catch((e: unknown) => {
      error = errorMessage(e);
    });
    // Each hook is bounded by the deadline (at least MIN_STEP_BUDGET_MS); allow a few of those past it.
    const budget = timeLeft(ctx) + 4 * MIN_STEP_BUDGET_MS;
    const result = await within(ctx.options.clock, closing, budget);
    const hooks = [...ctx.hooks.records];
    const failed = hooks.some((h) => h.outcome !== 'ok') || error !== undefined || result === 'timeout';
    return {
      outcome: failed ? 'failed' : 'ok',
      details: {
        hooks,
        ...(error ? { error } : {}),
        ...(result === 'timeout' ? { closeTimedOut: true } : {}),
      },
    };
  },
};
