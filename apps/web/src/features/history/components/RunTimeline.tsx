import type { DrainRun } from '@drainboard/contracts';
import { useElementWidth } from '@web/shared/hooks/useElementWidth.js';
import { formatDuration } from '@web/shared/lib/format.js';

import { axisTicks, timelineLayout } from '../lib/timeline-layout.js';

const ROW = 24;
const AXIS = 26;

/**
 * A run's stages as horizontal bars on one time axis from the run's start, with durations and round ticks. It
 * takes the width of its container, so it fits a phone as well as a wide screen.
 */
export function RunTimeline({ run }: { run: DrainRun }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(600);
  const label = width < 480 ? 96 : 130;
  const durationRoom = 64;
  const plot = Math.max(60, width - label - durationRoom);
  const { spanMs, bars } = timelineLayout(run, plot);
  const ticks = axisTicks(spanMs, Math.max(2, Math.floor(plot / 90)));
  const height = bars.length * ROW + AXIS;
  const x = (ms: number) => label + (ms / Math.max(1, spanMs)) * plot;
  return (
    <div ref={ref} className="timeline-box">
      <svg
        className="timeline"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-label={`Stages of run ${run.id} over ${formatDuration(spanMs)}: ${bars
          .map((bar) => `${bar.name} ${formatDuration(bar.durationMs)}`)
          .join(', ')}`}
      >
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={x(tick)} x2={x(tick)} y1={0} y2={bars.length * ROW + 4} />
            <text x={x(tick)} y={height - 6} textAnchor={tick === 0 ? 'start' : 'middle'}>
              {formatDuration(tick)}
            </text>
          </g>
        ))}
        {bars.map((bar, index) => (
          <g key={bar.name} transform={`translate(0 ${index * ROW})`} className={`outcome-${bar.outcome}`}>
            <text x={0} y={16} className="label">
              {bar.name}
            </text>
            <rect x={label + bar.x} y={5} width={bar.width} height={14} rx={2} className="bar" />
            <text
              x={Math.min(label + bar.x + bar.width + 4, width - 2)}
              y={16}
              textAnchor={label + bar.x + bar.width + 4 > width - durationRoom ? 'end' : 'start'}
              className="duration"
            >
              {formatDuration(bar.durationMs)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
