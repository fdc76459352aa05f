import type { DrainStageStep } from '../run/drain-context.js';

/**
 * Records the exit code the run decided. The stage ends when the code is handed over: the engine then emits
 * `run-end` and calls the host's `exit(code, { forced: false })`, which owns what happens after.
 */
export const exitStage: DrainStageStep = {
  name: 'exit',
  runsWhenInterrupted: true,
  run: (ctx) => Promise.resolve({ details: { code: ctx.exitCode, forced: false } }),
};
