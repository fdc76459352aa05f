import type { DrainRun } from '@drainboard/contracts';
import { formatTimestamp } from '@web/shared/lib/format.js';
import { AbortedRequestsTable } from './AbortedRequestsTable.js';
import { RunTimeline } from './RunTimeline.js';

/** One run: what triggered it, its stage timeline and its aborted requests. */
export function RunDetails({ run }: { run: DrainRun }) {
  return (
    <article className="run-details" data-testid="run-details">
      <p>
        {run.kind} run on <span className="mono">{run.instanceId}</span>, triggered by {run.trigger.source}
        {run.trigger.signal ? ` (${run.trigger.signal})` : ''}
        {run.reason ? `: “${run.reason}”` : ''}. Started {formatTimestamp(run.startedAt)}, finished{' '}
        {formatTimestamp(run.finishedAt)}. {run.inFlightAtStart} in flight at start, {run.abortedCount}{' '}
        aborted.
      </p>
      <RunTimeline run={run} />
      <AbortedRequestsTable requests={run.abortedRequests} />
    </article>
  );
}
