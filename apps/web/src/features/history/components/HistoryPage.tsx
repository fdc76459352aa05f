import { useState } from 'react';
import type { ApiClient } from '@web/api/client.js';
import { useRuns } from '../hooks/useRuns.js';
import { RunDetails } from './RunDetails.js';
import { RunsList } from './RunsList.js';

interface HistoryPageProps {
  client: ApiClient;
  onUnauthorized(message: string): void;
}

/** Drain run history from Postgres: list, then the selected run's timeline and aborted requests. */
export function HistoryPage({ client, onUnauthorized }: HistoryPageProps) {
  const { runs, loading, error, hasMore, refresh, loadMore } = useRuns(client, onUnauthorized);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = runs.find((run) => run.id === selectedId) ?? runs[0] ?? null;
  return (
    <div className="history">
      <section className="card">
        <h2>
          Runs{' '}
          <button type="button" onClick={() => void refresh()} disabled={loading}>
            Refresh
          </button>
        </h2>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <RunsList runs={runs} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
        {hasMore && (
          <button type="button" onClick={() => void loadMore()} disabled={loading}>
            Older runs
          </button>
        )}
      </section>
      {selected && (
        <section className="card">
          <h2>Run {selected.id.slice(0, 8)}</h2>
          <RunDetails run={selected} />
        </section>
      )}
    </div>
  );
}
