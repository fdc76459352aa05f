import { useEffect, useState } from 'react';

import type { DrainRun } from '@drainboard/contracts';
import { reportFailure } from '@web/api/api-error.js';
import type { ApiClient } from '@web/api/client.js';

/** `GET /admin/runs/:id` for a run that is not in the loaded pages (a link from the live view, say). */
export function useRun(client: ApiClient, id: string | null, onUnauthorized: (message: string) => void) {
  const [run, setRun] = useState<DrainRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRun(null);
    setError(null);
    if (!id) {
      return;
    }
    let stopped = false;
    client.getRun(id).then(
      (found) => !stopped && setRun(found),
      (failure: unknown) => !stopped && reportFailure(failure, onUnauthorized, setError),
    );
    return () => {
      stopped = true;
    };
  }, [client, id, onUnauthorized]);
  return { run, error };
}
