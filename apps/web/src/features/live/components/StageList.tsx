import type { DrainStageRecord } from '@drainboard/contracts';
import { formatDuration } from '@web/shared/lib/format.js';

/** The stages of a run so far, in order, with outcome and duration. */
export function StageList({ stages, now }: { stages: DrainStageRecord[]; now: number }) {
  return (
    <ol className="stages">
      {stages.map((stage) => (
        <li key={stage.name} className={`stage outcome-${stage.outcome}`}>
          <span className="stage-name">{stage.name}</span>
          <span className="stage-outcome">{stage.outcome}</span>
          <span className="num">
            {formatDuration(stage.durationMs ?? Math.max(0, now - Date.parse(stage.startedAt)))}
          </span>
        </li>
      ))}
    </ol>
  );
}
