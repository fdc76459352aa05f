import { type DrainStageRecord, stageOrder } from '@drainboard/contracts';

import { errorMessage } from '../error-message.js';
import { type DrainContext, type DrainStageStep } from './drain-context.js';

/**
 * Runs stages in order, timing each with the injected clock and turning each into stage-start /
 * stage-end events. An error in a stage is recorded on that stage, never thrown out of the sequence.
 */
export async function runStages(ctx: DrainContext, steps: readonly DrainStageStep[]): Promise<void> {
  for (const step of steps) {
    await runStage(ctx, step);
  }
}

export async function runStage(ctx: DrainContext, step: DrainStageStep): Promise<DrainStageRecord> {
  const { clock } = ctx.options;
  const startedAt = clock.now();
  const record: DrainStageRecord = {
    name: step.name,
    order: stageOrder(step.name),
    startedAt: ctx.events.iso(startedAt),
    endedAt: null,
    durationMs: null,
    outcome: 'running',
    details: {},
  };
  ctx.run.stages.push(record);
  ctx.events.emit({ type: 'stage-start', runId: ctx.run.id, stage: step.name });
  if (ctx.interrupted.aborted && !step.runsWhenInterrupted) {
    record.outcome = 'skipped';
    record.details = { reason: 'resumed' };
  } else {
    try {
      const result = await step.run(ctx);
      record.outcome = result.outcome ?? 'ok';
      record.details = result.details ?? {};
    } catch (error) {
      record.outcome = 'failed';
      record.details = { error: errorMessage(error) };
      ctx.logger.warn?.(`Drain stage ${step.name} failed: ${errorMessage(error)}`);
    }
  }
  const endedAt = clock.now();
  record.endedAt = ctx.events.iso(endedAt);
  record.durationMs = endedAt - startedAt;
  ctx.events.emit({ type: 'stage-end', runId: ctx.run.id, stage: { ...record } });
  logStage(ctx, record);
  return record;
}

/** One log line per stage, so a drain can be followed in the logs too (aborted/failed ones as warnings). */
function logStage(ctx: DrainContext, record: DrainStageRecord): void {
  const details = JSON.stringify(record.details);
  const line =
    `${ctx.run.kind} ${ctx.run.id.slice(0, 8)} stage ${record.name}: ${record.outcome} in ` +
    `${(record.durationMs ?? 0).toFixed(1)} ms${details === '{}' ? '' : ` ${details.slice(0, 300)}`}`;
  if (record.outcome === 'aborted' || record.outcome === 'failed') {
    ctx.logger.warn?.(line);
  } else {
    ctx.logger.log(line);
  }
}

/** Records a stage that did not need to run (e.g. already done by an earlier drain). */
export function skipStage(
  ctx: DrainContext,
  step: DrainStageStep,
  reason: string,
): Promise<DrainStageRecord> {
  return runStage(ctx, {
    name: step.name,
    run: () => Promise.resolve({ outcome: 'skipped', details: { reason } }),
  });
}
