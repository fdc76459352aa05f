import { useCallback, useEffect, useRef, useState } from 'react';

import type { DrainRun } from '@drainboard/contracts';
import { reportFailure } from '@web/api/api-error.js';
import type { ApiClient } from '@web/api/client.js';

import { type RunFilters, runsQuery, withInstances } from '../lib/run-filters.js';

const PAGE_SIZE = 20;

/**
 * Pages through `GET /admin/runs`, newest first, filtered by the API (over the whole history, not only the
 * loaded runs). Changing the filters loads their first page again; an answer to an older request (other filters,
 * or a page asked before a refresh) is dropped.
 */
export function useRuns(client: ApiClient, filters: RunFilters, onUnauthorized: (message: string) => void) {
  const [runs, setRuns] = useState<DrainRun[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  /**
   * The instance filter's suggestions: the fleet registry's instances (gone ones included) and every instance
   * seen in a loaded run, whatever the filters then.
   */
  const [instances, setInstances] = useState<readonly string[]>([]);
  const latest = useRef(0);
  const { kind, outcome, instanceId } = filters;

  const load = useCallback(
    async (cursor: string | null) => {
      const request = ++latest.current;
      setLoading(true);
      setError(null);
      try {
        const page = await client.listRuns({
          limit: PAGE_SIZE,
          cursor,
          ...runsQuery({ kind, outcome, instanceId }),
        });
        if (request !== latest.current) {
          return;
        }
        setRuns((previous) => (cursor ? [...previous, ...page.runs] : page.runs));
        setInstances((known) =>
          withInstances(
            known,
            page.runs.map((run) => run.instanceId),
          ),
        );
        setNextCursor(page.nextCursor);
        setLoaded(true);
      } catch (failure) {
        if (request === latest.current) {
          reportFailure(failure, onUnauthorized, setError);
        }
      } finally {
        if (request === latest.current) {
          setLoading(false);
        }
      }
    },
    [client, onUnauthorized, kind, outcome, instanceId],
  );

  useEffect(() => {
    let stopped = false;
    // Suggestions only: without the registry (an older API, a viewer without access), the runs' instances remain.
    client.listInstances().then(
      ({ instances: registered }) =>
        !stopped &&
        setInstances((known) =>
          withInstances(
            known,
            registered.map((instance) => instance.id),
          ),
        ),
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [client]);

  useEffect(() => {
    setNextCursor(null);
    void load(null);
  }, [load]);

  return {
    runs,
    loading,
    /** True once a page was loaded (an empty list then means no run, not an unreachable API). */
    loaded,
    error,
    instances,
    hasMore: nextCursor !== null,
    refresh: () => load(null),
    loadMore: () => load(nextCursor),
  };
}
