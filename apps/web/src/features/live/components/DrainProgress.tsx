import type { DrainPreview, DrainRun } from '@drainboard/contracts';
import { useNow } from '@web/shared/hooks/useNow.js';
import { countOf, formatDuration, formatTimestamp } from '@web/shared/lib/format.js';
import { routeHash } from '@web/shared/lib/route.js';

import { forecastAt } from '../lib/cut-forecast.js';
import { deadlineProgress } from '../lib/deadline.js';
import { estimatesNote } from '../lib/estimate-source.js';
import { CutPrediction } from './CutPrediction.js';
import { StageList } from './StageList.js';

/** Who or what started the run, in words. */
export function triggerText(run: DrainRun): string {
  const { trigger } = run;
  const who =
    trigger.source === 'signal'
      ? `signal ${trigger.signal ?? ''}`.trim()
      : trigger.source === 'admin'
        ? `${trigger.caller ?? 'an operator'}${trigger.ip ? ` at ${trigger.ip}` : ''}${trigger.userAgent ? ` (${trigger.userAgent})` : ''}`
        : 'the application';
  return `${who}${run.reason ? `, because “${run.reason}”` : ''}`;
}

interface DrainProgressProps {
  run: DrainRun | null;
  preview: DrainPreview | null;
  /** Ids of the requests in flight now (the forecast leaves out those that finished since the dry run). */
  inFlightIds: ReadonlySet<string>;
}

/** The current drain run: deadline countdown, prediction of what will be cut, every stage with those to come. */
export function DrainProgress({ run, preview, inFlightIds }: DrainProgressProps) {
  const now = useNow(250);
  if (!run) {
    return (
      <section className="card" aria-labelledby="drain-title">
        <h2 id="drain-title">Drain</h2>
        <p className="empty">No drain in progress.</p>
      </section>
    );
  }
  const progress = deadlineProgress(run, now);
  return (
    <section className="card drain-progress" aria-labelledby="drain-title" data-testid="drain-progress">
      <h2 id="drain-title">
        {run.kind === 'stop' ? 'Stop' : 'Drain'} run <span className="mono">{run.id.slice(0, 8)}</span>{' '}
        <span className={`badge outcome-${run.outcome}`}>{run.outcome}</span>
      </h2>
      <p>
        Started {formatTimestamp(run.startedAt)} by {triggerText(run)}. {run.inFlightAtStart} in flight at
        start. <a href={routeHash({ page: 'history', runId: run.id })}>Open in history</a>
      </p>
      <label className="deadline-label" htmlFor="deadline-progress">
        Deadline used
      </label>
      <progress id="deadline-progress" className="deadline" max={1} value={progress.fraction} />
      <p data-testid="deadline-countdown">
        {progress.finished
          ? `Finished in ${formatDuration(progress.elapsedMs)} (deadline ${formatDuration(run.deadlineMs)})`
          : `${formatDuration(progress.remainingMs)} left of ${formatDuration(run.deadlineMs)}`}
        {run.abortedCount > 0 ? `, ${countOf(run.abortedCount, 'request')} cut` : ''}
      </p>
      {!progress.finished && preview && (
        <CutPrediction
          forecast={forecastAt(preview, now, progress.remainingMs, inFlightIds)}
          lead="With the remaining deadline"
          note={estimatesNote(preview)}
        />
      )}
      <StageList run={run} now={now} />
    </section>
  );
}
