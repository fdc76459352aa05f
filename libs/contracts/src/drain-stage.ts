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

/** How a stage ended. `running` only while it has not ended yet. */
export const STAGE_OUTCOMES = ['running', 'ok', 'aborted', 'failed', 'skipped', 'interrupted'] as const;

export type StageOutcome = (typeof STAGE_OUTCOMES)[number];
