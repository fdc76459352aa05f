import { MIN_STEP_BUDGET_MS, PERSIST_FLOOR_MS } from '../drain.constants.js';
import { errorMessage, timeLeft, within, type DrainStageStep } from '../run/drain-context.js';

/** Hands the run to every registered persister, each bounded; failures are recorded, never thrown. */
export const persistStage: DrainStageStep = {
  name: 'persist',
  runsWhenInterrupted: true,
  run: async (ctx) => {
    const { clock } = ctx.options;
    const results: Array<Record<string, unknown>> = [];
    for (const [name, persist] of ctx.persisters) {
      const startedAt = clock.now();
      const budget = Math.max(timeLeft(ctx), PERSIST_FLOOR_MS, MIN_STEP_BUDGET_MS);
      try {
        const snapshot = structuredClone(ctx.run);
        const outcome = (await within(persist(snapshot), budget)) === 'timeout' ? 'timeout' : 'ok';
        results.push({ name, outcome, durationMs: clock.now() - startedAt });
      } catch (error) {
        results.push({
          name,
          outcome: 'failed',
          durationMs: clock.now() - startedAt,
          error: errorMessage(error),
        });
      }
    }
    const failed = results.some((r) => r.outcome !== 'ok');
    return { outcome: failed ? 'failed' : 'ok', details: { persisters: results } };
  },
};
