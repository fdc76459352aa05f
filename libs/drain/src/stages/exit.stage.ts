import type { DrainStageStep } from '../run/drain-context.js';

/** Records the exit code; the engine calls the injected `exit(code)` once the run-end event is out. */
export const exitStage: DrainStageStep = {
  name: 'exit',
  runsWhenInterrupted: true,
  run: (ctx) => Promise.resolve({ details: { code: ctx.exitCode } }),
};
