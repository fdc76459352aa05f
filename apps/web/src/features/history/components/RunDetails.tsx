import type { DrainRun } from '@drainboard/contracts';
import { triggerText } from '@web/features/live/components/DrainProgress.js';
import { StageDetails } from '@web/shared/components/StageDetails.js';
import { formatDuration, formatTimestamp } from '@web/shared/lib/format.js';
import { routeHash } from '@web/shared/lib/route.js';

import { AbortedRequestsTable } from './AbortedRequestsTable.js';
import { RunTimeline } from './RunTimeline.js';

/** One run: what triggered it, its stage timeline with every stage's details, and its aborted requests. */
export function RunDetails({ run, isLive }: { run: DrainRun; isLive: boolean }) {
  return (
    <article className="run-details" data-testid="run-details">
      <p>
        {run.kind} run on <span className="mono">{run.instanceId}</span>, started{' '}
        {formatTimestamp(run.startedAt)} by {triggerText(run)}. Finished {formatTimestamp(run.finishedAt)}.
        Deadline {formatDuration(run.deadlineMs)}; {run.inFlightAtStart} in flight at start,{' '}
        {run.abortedCount} cut.
      </p>
      {isLive && (
        <p className="live-link">
          This run is the live one: <a href={routeHash({ page: 'live' })}>watch it live</a>.
        </p>
      )}
      <RunTimeline run={run} />
      <h3>Stages</h3>
      <ol className="stages">
        {[...run.stages]
          .sort((a, b) => a.order - b.order)
          .map((stage) => (
            <li key={stage.name} className={`stage outcome-${stage.outcome}`}>
              <div className="stage-head">
                <span className="stage-name">{stage.name}</span>
                <span className="stage-outcome">{stage.outcome}</span>
                <span className="num">{formatDuration(stage.durationMs)}</span>
              </div>
              <StageDetails details={stage.details} />
            </li>
          ))}
      </ol>
      <AbortedRequestsTable requests={run.abortedRequests} />
    </article>
  );
}
