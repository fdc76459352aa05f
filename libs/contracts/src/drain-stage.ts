import type { DrainRunKind } from './drain-run.js';

/** Stages of a drain run, in the order they run. `app-hooks` and `exit` run on stop only. */
export const DRAIN_STAGES = [
  'trigger',
  'unready',
  'close-listener',
  'drain-requests',
  'close-realtime',
  'app-hooks',
  'persist',
  'exit',
] as const;

export type DrainStage = (typeof DRAIN_STAGES)[number];

/** Stages that run on stop only (a drain stays drained after `persist`). */
export const STOP_ONLY_STAGES = ['app-hooks', 'exit'] as const satisfies readonly DrainStage[];

/** Position of `stage` in `DRAIN_STAGES` (0-based): the `order` of its stage record. */
export function stageOrder(stage: DrainStage): number {
  return DRAIN_STAGES.indexOf(stage);
}

/** Stages a run of `kind` goes through, in order. */
export function plannedStages(kind: DrainRunKind): DrainStage[] {
  const stopOnly: readonly DrainStage[] = STOP_ONLY_STAGES;
  return DRAIN_STAGES.filter((stage) => kind === 'stop' || !stopOnly.includes(stage));
}

/** How a stage ended. `running` only while it has not ended yet. */
export const STAGE_OUTCOMES = ['running', 'ok', 'aborted', 'failed', 'skipped', 'interrupted'] as const;

export type StageOutcome = (typeof STAGE_OUTCOMES)[number];
