import type { DrainRun } from '@drainboard/contracts';
import { formatDuration, formatTimestamp } from '@web/shared/lib/format.js';

interface RunsListProps {
  runs: DrainRun[];
  selectedId: string | null;
  onSelect(id: string): void;
}

const runDuration = (run: DrainRun): number | null =>
  run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;

/** The recorded drain runs, newest first. */
export function RunsList({ runs, selectedId, onSelect }: RunsListProps) {
  if (runs.length === 0) return <p className="empty">No drain run recorded yet.</p>;
  return (
    <table className="runs">
      <thead>
        <tr>
          <th>Started</th>
          <th>Kind</th>
          <th>Trigger</th>
          <th>Outcome</th>
          <th className="num">Duration</th>
          <th className="num">Aborted</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr
            key={run.id}
            className={run.id === selectedId ? 'selected' : undefined}
            onClick={() => onSelect(run.id)}
            data-testid="run-row"
          >
            <td>
              <button type="button" className="link" onClick={() => onSelect(run.id)}>
                {formatTimestamp(run.startedAt)}
              </button>
            </td>
            <td>{run.kind}</td>
            <td>{run.trigger.signal ?? run.trigger.source}</td>
            <td>
              <span className={`badge outcome-${run.outcome}`}>{run.outcome}</span>
            </td>
            <td className="num">{formatDuration(runDuration(run))}</td>
            <td className="num">{run.abortedCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
