import type uPlot from 'uplot';

import type { DrainRun } from '@drainboard/contracts';

/** A vertical line on a time chart: the drain's start or a stage's start. */
export interface ChartMarker {
  /** Seconds since the epoch. */
  at: number;
  label: string;
}

/** Markers of a run: its start (`drain` / `stop`) and each later stage's start. */
export function runMarkers(run: DrainRun | null): ChartMarker[] {
  if (!run) {
    return [];
  }
  const start = Date.parse(run.startedAt) / 1000;
  const stages = run.stages
    .filter((stage) => stage.name !== 'trigger')
    .map((stage) => ({ at: Date.parse(stage.startedAt) / 1000, label: stage.name }));
  return [{ at: start, label: `${run.kind} start` }, ...stages].filter((marker) =>
    Number.isFinite(marker.at),
  );
}

const MARKER_COLOR = '#8a3b00';

/** Draws `markers` inside the plot area (a uPlot `draw` hook); labels alternate rows so close stages stay legible. */
export function drawMarkers(u: uPlot, markers: readonly ChartMarker[]): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = MARKER_COLOR;
  ctx.fillStyle = MARKER_COLOR;
  ctx.lineWidth = Math.max(1, devicePixelRatio);
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
  markers.forEach((marker, index) => {
    const x = u.valToPos(marker.at, 'x', true);
    if (x < bbox.left || x > bbox.left + bbox.width) {
      return;
    }
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    const y = bbox.top + (10 + (index % 3) * 12) * devicePixelRatio;
    // Near the right edge the label goes on the left of its line, so it is never clipped.
    const width = ctx.measureText(marker.label).width;
    const rightRoom = bbox.left + bbox.width - x;
    ctx.textAlign = rightRoom < width + 6 * devicePixelRatio ? 'right' : 'left';
    const offset = ctx.textAlign === 'right' ? -3 : 3;
    ctx.fillText(marker.label, x + offset * devicePixelRatio, y);
  });
  ctx.restore();
}
