import { MIN_STEP_BUDGET_MS, PERSIST_FLOOR_MS } from '../drain.constants.js';
import type { LoggerService } from '@nestjs/common';
import type { DrainRun } from '@drainboard/contracts';

import {
  errorMessage,
  type RunPersister,
  timeLeft,
  within,
  type DrainStageStep,
} from '../run/drain-context.js';

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

/** Hands an updated run (e.g. resumed after it had drained) to every persister again, outside any stage. */
export async function persistAgain(
  persisters: ReadonlyMap<string, RunPersister>,
  run: DrainRun,
  logger: LoggerService,
): Promise<void> {
  for (const [name, persist] of persisters) {
    try {
      if ((await within(persist(structuredClone(run)), PERSIST_FLOOR_MS)) === 'timeout') {
        logger.warn?.(`persister ${name} took over ${PERSIST_FLOOR_MS} ms to record run ${run.id} again`);
      }
    } catch (error) {
      logger.warn?.(`persister ${name} failed to record run ${run.id} again: ${errorMessage(error)}`);
    }
  }
}
