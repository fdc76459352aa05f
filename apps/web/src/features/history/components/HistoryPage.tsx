import { useEffect, useRef, useState } from 'react';

import type { DrainRun } from '@drainboard/contracts';
import type { ApiClient } from '@web/api/client.js';

import { useRun } from '../hooks/useRun.js';
import { useRuns } from '../hooks/useRuns.js';
import { hasFilters, NO_FILTERS, type RunFilters } from '../lib/run-filters.js';
import { RunDetails } from './RunDetails.js';
import { RunFiltersBar } from './RunFiltersBar.js';
import { RunsList } from './RunsList.js';

interface HistoryPageProps {
  client: ApiClient;
  /** The run named in the address (`#/history/<id>`), else the newest one shown. */
  runId: string | null;
  /** The run the live view shows, to link back to it. */
  liveRun: DrainRun | null;
  /** The instance the live feed is connected to, null while none answers: when one answers anew, reload. */
  liveInstanceId: string | null;
  onUnauthorized(message: string): void;
}

/** Drain run history from Postgres: filters (applied by the API to the whole history), list, then the selected run's timeline, stages and aborted requests. */
export function HistoryPage({ client, runId, liveRun, liveInstanceId, onUnauthorized }: HistoryPageProps) {
  const [filters, setFilters] = useState<RunFilters>(NO_FILTERS);
  const { runs, loading, loaded, error, instances, hasMore, refresh, loadMore } = useRuns(
    client,
    filters,
    onUnauthorized,
  );
  // A process answers again (the next one after an exit, or after a reload while none listened): the history
  // it can now serve holds the runs recorded meanwhile (the final run of the one that exited, at least).
  const answered = useRef(liveInstanceId);
  useEffect(() => {
    const before = answered.current;
    answered.current = liveInstanceId;
    if (liveInstanceId !== null && liveInstanceId !== before) {
      void refresh();
    }
  }, [liveInstanceId, refresh]);
  const listed = runs.find((run) => run.id === runId) ?? null;
  const fetched = useRun(client, runId !== null && listed === null && loaded ? runId : null, onUnauthorized);
  const selected = runId ? (listed ?? fetched.run) : (runs[0] ?? null);
  const isLive = selected !== null && liveRun?.id === selected.id && liveRun.finishedAt === null;
  return (
    <div className="history">
      <section className="card" aria-labelledby="runs-title">
        <div className="card-head">
          <h2 id="runs-title">Runs</h2>
          <button type="button" onClick={() => void refresh()} disabled={loading}>
            Refresh
          </button>
        </div>
        <RunFiltersBar instances={instances} filters={filters} onChange={setFilters} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {!error && loaded && runs.length === 0 && (
          <p className="empty">
            {hasFilters(filters) ? 'No recorded run matches these filters.' : 'No drain run recorded yet.'}
          </p>
        )}
        {runs.length > 0 && <RunsList runs={runs} selectedId={selected?.id ?? null} />}
        {hasMore && (
          <button type="button" onClick={() => void loadMore()} disabled={loading}>
            Older runs
          </button>
        )}
      </section>
      {selected && (
        <section className="card" aria-labelledby="run-title">
          <h2 id="run-title">
            Run <span className="mono">{selected.id.slice(0, 8)}</span>
          </h2>
          <RunDetails run={selected} isLive={isLive} />
        </section>
      )}
      {fetched.error && (
        <p role="alert" className="error">
          {fetched.error}
        </p>
      )}
    </div>
  );
}
