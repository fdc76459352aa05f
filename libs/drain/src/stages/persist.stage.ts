import type { DrainRun } from '@drainboard/contracts';

import { within } from '../clock/drain-clock.js';
import { errorMessage } from '../error-message.js';
import { type DrainContext, type DrainStageStep, timeLeft } from '../run/drain-context.js';

interface PersisterResult {
  name: string;
  outcome: 'ok' | 'timeout' | 'failed' | 'skipped';
  durationMs?: number;
  error?: string;
}

/** Hands one snapshot of the run to one persister, bounded by `budgetMs`; never throws. */
async function persistOne(
  ctx: DrainContext,
  name: string,
  run: DrainRun,
  budgetMs: number,
): Promise<PersisterResult> {
  const { clock } = ctx.options;
  const startedAt = clock.now();
  const stop = new AbortController();
  try {
    const persist = ctx.persisters.get(name);
    if (!persist) {
      return { name, outcome: 'skipped' };
    }
    const result = await within(ctx.options.clock, persist(run, { budgetMs, signal: stop.signal }), budgetMs);
    if (result === 'timeout') {
      stop.abort(new Error(`persist budget of ${budgetMs} ms spent`));
    }
    return { name, outcome: result === 'timeout' ? 'timeout' : 'ok', durationMs: clock.now() - startedAt };
  } catch (error) {
    return { name, outcome: 'failed', durationMs: clock.now() - startedAt, error: errorMessage(error) };
  }
}

/**
 * Hands the run to every registered persister, each bounded by the time left to the deadline and at least
 * `persistTimeoutMs`; failures and timeouts are recorded on the stage, never thrown.
 */
export const persistStage: DrainStageStep = {
  name: 'persist',
  runsWhenInterrupted: true,
  run: async (ctx) => {
    const results: PersisterResult[] = [];
    for (const name of [...ctx.persisters.keys()]) {
      const budgetMs = Math.max(timeLeft(ctx), ctx.options.persistTimeoutMs);
      results.push(await persistOne(ctx, name, structuredClone(ctx.run), budgetMs));
    }
    const failed = results.some((r) => r.outcome !== 'ok' && r.outcome !== 'skipped');
    return { outcome: failed ? 'failed' : 'ok', details: { persisters: results } };
  },
};

/** Hands an updated run (a drained run resumed later) to every persister again, outside any stage. */
export async function persistAgain(ctx: DrainContext): Promise<void> {
  const budgetMs = ctx.options.persistTimeoutMs;
  for (const name of [...ctx.persisters.keys()]) {
    const result = await persistOne(ctx, name, structuredClone(ctx.run), budgetMs);
    if (result.outcome !== 'ok') {
      ctx.logger.warn?.(
        `persister ${name} could not record run ${ctx.run.id} again (${result.outcome}` +
          `${result.error ? `: ${result.error}` : ''})`,
      );
    }
  }
}
