import type { DrainRun } from '@drainboard/contracts';
import { formatDuration } from '@web/shared/lib/format.js';
import { timelineLayout } from '../lib/timeline-layout.js';

const WIDTH = 480;
const ROW = 22;
const LABEL = 120;

/** A run's stages as horizontal bars on one time axis, with their durations. */
export function RunTimeline({ run }: { run: DrainRun }) {
  const { spanMs, bars } = timelineLayout(run, WIDTH);
  const height = bars.length * ROW + 18;
  const width = LABEL + WIDTH + 90;
  return (
    <svg
      className="timeline"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={`Stages of run ${run.id}`}
    >
      {bars.map((bar, index) => (
        <g key={bar.name} transform={`translate(0 ${index * ROW})`} className={`outcome-${bar.outcome}`}>
          <text x={0} y={15} className="label">
            {bar.name}
          </text>
          <rect x={LABEL + bar.x} y={4} width={bar.width} height={14} rx={2} className="bar" />
          <text x={LABEL + bar.x + bar.width + 6} y={15} className="duration">
            {formatDuration(bar.durationMs)}
          </text>
        </g>
      ))}
      <text x={LABEL} y={height - 2} className="axis-label">
        0
      </text>
      <text x={LABEL + WIDTH} y={height - 2} textAnchor="end" className="axis-label">
        {formatDuration(spanMs)}
      </text>
    </svg>
  );
}
