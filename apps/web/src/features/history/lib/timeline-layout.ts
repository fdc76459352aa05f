import type { DrainRun, StageOutcome } from '@drainboard/contracts';

/** One bar of a run's stage timeline, in px of a timeline `width` wide. */
export interface TimelineBar {
  name: string;
  outcome: StageOutcome;
  durationMs: number | null;
  /** Offset of the stage's start from the run's start. */
  offsetMs: number;
  x: number;
  width: number;
}

export interface TimelineLayout {
  /** Time from the run's start to the end of its last stage. */
  spanMs: number;
  bars: TimelineBar[];
}

/**
 * Lays out a run's stages on one time axis from the run's start. A stage still running (or without a duration)
 * ends at the end of the span; every bar is at least `minWidth` px so instant stages stay visible.
 */
export function timelineLayout(run: DrainRun, width: number, minWidth = 2): TimelineLayout {
  const runStart = Date.parse(run.startedAt);
  const stages = [...run.stages].sort((a, b) => a.order - b.order);
  const timed = stages.map((stage) => {
    const offsetMs = Math.max(0, Date.parse(stage.startedAt) - runStart) || 0;
    return { stage, offsetMs, endMs: offsetMs + (stage.durationMs ?? 0) };
  });
  const spanMs = Math.max(1, ...timed.map((t) => t.endMs));
  const scale = width / spanMs;
  const bars = timed.map(({ stage, offsetMs, endMs }) => {
    const x = Math.min(width - minWidth, offsetMs * scale);
    const end = stage.durationMs === null ? width : endMs * scale;
    return {
      name: stage.name,
      outcome: stage.outcome,
      durationMs: stage.durationMs,
      offsetMs,
      x,
      width: Math.max(minWidth, end - x),
    };
  });
  return { spanMs, bars };
}

/**
 * Tick positions (ms from the run's start) for an axis of `spanMs`: round steps of 1, 2 or 5 x 10^n, at most
 * `maxTicks` of them, always starting at 0.
 */
export function axisTicks(spanMs: number, maxTicks: number): number[] {
  const span = Math.max(1, spanMs);
  const rough = span / Math.max(1, maxTicks - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let at = 0; at <= span + step * 1e-9; at += step) {
    ticks.push(Math.round(at * 1000) / 1000);
  }
  return ticks;
}
