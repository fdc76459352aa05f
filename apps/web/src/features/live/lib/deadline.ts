import type { DrainRun } from '@drainboard/contracts';

/** Where a drain run stands against its deadline at `now` (ms). */
export interface DeadlineProgress {
  elapsedMs: number;
  remainingMs: number;
  /** 0..1 share of the deadline used. */
  fraction: number;
  finished: boolean;
}

/** Progress of `run` against its deadline; a finished run stops the clock at its end. */
export function deadlineProgress(run: DrainRun, now: number): DeadlineProgress {
  const started = Date.parse(run.startedAt);
  const ended = run.finishedAt ? Date.parse(run.finishedAt) : now;
  const elapsedMs = Math.max(0, (Number.isNaN(ended) ? now : ended) - started);
  const remainingMs = Math.max(0, run.deadlineMs - elapsedMs);
  const fraction = run.deadlineMs > 0 ? Math.min(1, elapsedMs / run.deadlineMs) : 1;
  return { elapsedMs, remainingMs, fraction, finished: run.finishedAt !== null };
}
