import type { DrainRun } from '@drainboard/contracts';
import { useNow } from '@web/shared/hooks/useNow.js';
import { formatDuration } from '@web/shared/lib/format.js';
import { deadlineProgress } from '../lib/deadline.js';
import { StageList } from './StageList.js';

/** The current drain run: deadline countdown and its stages so far. */
export function DrainProgress({ run }: { run: DrainRun | null }) {
  const now = useNow(250);
  if (!run) {
    return (
      <section className="card">
        <h2>Drain</h2>
        <p className="empty">No drain in progress.</p>
      </section>
    );
  }
  const progress = deadlineProgress(run, now);
  return (
    <section className="card drain-progress">
      <h2>
        {run.kind === 'stop' ? 'Stop' : 'Drain'} run <span className="mono">{run.id.slice(0, 8)}</span>{' '}
        <span className={`badge outcome-${run.outcome}`}>{run.outcome}</span>
      </h2>
      <p>
        Triggered by {run.trigger.source}
        {run.trigger.signal ? ` (${run.trigger.signal})` : ''}
        {run.reason ? `: “${run.reason}”` : ''}. {run.inFlightAtStart} in flight at start.
      </p>
      <div className="deadline" aria-label="deadline">
        <div className="deadline-bar" style={{ width: `${(progress.fraction * 100).toFixed(1)}%` }} />
      </div>
      <p data-testid="deadline-countdown">
        {progress.finished
          ? `Finished in ${formatDuration(progress.elapsedMs)} (deadline ${formatDuration(run.deadlineMs)})`
          : `${formatDuration(progress.remainingMs)} left of ${formatDuration(run.deadlineMs)}`}
      </p>
      <StageList stages={run.stages} now={now} />
    </section>
  );
}
