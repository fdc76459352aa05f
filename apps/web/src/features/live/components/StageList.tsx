import { type DrainRun, plannedStages } from '@drainboard/contracts';
import { StageDetails } from '@web/shared/components/StageDetails.js';
import { formatDuration } from '@web/shared/lib/format.js';
import { STAGE_PURPOSE } from '@web/shared/lib/stage-purpose.js';

/** Every stage of the run in order: done (outcome, duration, details), running, and the ones still to come. */
export function StageList({ run, now }: { run: DrainRun; now: number }) {
  const recorded = new Map(run.stages.map((stage) => [stage.name, stage]));
  const names = plannedStages(run.kind);
  for (const stage of run.stages) {
    if (!names.includes(stage.name)) {
      names.push(stage.name);
    }
  }
  return (
    <ol className="stages" aria-label="Stages">
      {names.map((name) => {
        const stage = recorded.get(name);
        const outcome = stage?.outcome ?? (run.finishedAt ? 'skipped' : 'to come');
        const duration = stage ? (stage.durationMs ?? Math.max(0, now - Date.parse(stage.startedAt))) : null;
        return (
          <li
            key={name}
            className={`stage outcome-${outcome.replace(' ', '-')}`}
            data-testid={`stage-${name}`}
          >
            <div className="stage-head">
              <span className="stage-name">{name}</span>
              <span className="stage-outcome">{outcome}</span>
              <span className="num">{duration === null ? '' : formatDuration(duration)}</span>
            </div>
            <p className="hint">{STAGE_PURPOSE[name]}</p>
            {stage && <StageDetails details={stage.details} />}
          </li>
        );
      })}
    </ol>
  );
}
