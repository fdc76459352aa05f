import { useCallback, useEffect, useState } from 'react';
import type { DrainRun } from '@drainboard/contracts';
import { reportFailure } from '@web/api/api-error.js';
import type { ApiClient } from '@web/api/client.js';

const PAGE_SIZE = 20;

/** Pages through `GET /admin/runs`, newest first. */
export function useRuns(client: ApiClient, onUnauthorized: (message: string) => void) {
  const [runs, setRuns] = useState<DrainRun[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(
    async (cursor: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await client.listRuns({ limit: PAGE_SIZE, cursor });
        setRuns((previous) => (cursor ? [...previous, ...page.runs] : page.runs));
        setNextCursor(page.nextCursor);
        setLoaded(true);
      } catch (failure) {
        reportFailure(failure, onUnauthorized, setError);
      } finally {
        setLoading(false);
      }
    },
    [client, onUnauthorized],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return {
    runs,
    loading,
    /** True once a page was loaded (an empty list then means no run, not an unreachable API). */
    loaded,
    error,
    hasMore: nextCursor !== null,
    refresh: () => load(null),
    loadMore: () => load(nextCursor),
  };
}
