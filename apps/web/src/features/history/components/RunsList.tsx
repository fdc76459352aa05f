import { type DrainRun, triggerLabel } from '@drainboard/contracts';
import { useNow } from '@web/shared/hooks/useNow.js';
import { formatDuration, formatRelative, formatTimestamp } from '@web/shared/lib/format.js';
import { routeHash } from '@web/shared/lib/route.js';

interface RunsListProps {
  runs: DrainRun[];
  selectedId: string | null;
}

const runDuration = (run: DrainRun): number | null =>
  run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;

/** Recorded drain runs, newest first: when (relative and absolute), where, what, how it ended. */
export function RunsList({ runs, selectedId }: RunsListProps) {
  const now = useNow(10_000);
  return (
    <table className="runs">
      <caption className="visually-hidden">Drain runs, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Instance</th>
          <th scope="col">Kind</th>
          <th scope="col">Trigger</th>
          <th scope="col">Outcome</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col" className="num">
            Cut
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} className={run.id === selectedId ? 'selected' : undefined} data-testid="run-row">
            <td data-label="Started">
              <a
                href={routeHash({ page: 'history', runId: run.id })}
                aria-current={run.id === selectedId ? 'true' : undefined}
              >
                {formatRelative(run.startedAt, now)}
              </a>
              <br />
              <time className="hint" dateTime={run.startedAt}>
                {formatTimestamp(run.startedAt)}
              </time>
            </td>
            <td data-label="Instance" className="mono wrap">
              {run.instanceId}
            </td>
            <td data-label="Kind">{run.kind}</td>
            <td data-label="Trigger">{triggerLabel(run.trigger)}</td>
            <td data-label="Outcome">
              <span className={`badge outcome-${run.outcome}`}>{run.outcome}</span>
            </td>
            <td data-label="Duration" className="num">
              {formatDuration(runDuration(run))}
            </td>
            <td data-label="Cut" className="num">
              {run.abortedCount}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
