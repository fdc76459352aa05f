import type { DrainStage, StageOutcome } from './drain-stage.js';

/** One timed stage of a run. Timestamps are ISO-8601 with milliseconds; durations are high-resolution. */
export interface DrainStageRecord {
  name: DrainStage;
  /** Position in `DRAIN_STAGES` (0-based). */
  order: number;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  outcome: StageOutcome;
  /** Stage-specific facts, e.g. `{ inFlight: 3 }`, `{ hooks: [...] }`. JSON only. */
  details: Record<string, unknown>;
}
