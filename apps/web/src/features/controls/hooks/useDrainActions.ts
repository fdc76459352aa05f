import { useCallback, useState } from 'react';

import type { DrainRequestBody } from '@drainboard/contracts';
import { reportFailure } from '@web/api/api-error.js';
import type { ApiClient } from '@web/api/client.js';

import { runDrainAction } from '../api/run-drain-action.js';
import type { DrainAction } from '../lib/available-actions.js';

/** Runs Drain / Resume / Stop, tracking the pending action and the last error. */
export function useDrainActions(client: ApiClient, onUnauthorized: (message: string) => void) {
  const [pending, setPending] = useState<DrainAction | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (action: DrainAction, body: DrainRequestBody = {}) => {
      setPending(action);
      setError(null);
      try {
        await runDrainAction(client, action, body);
      } catch (failure) {
        reportFailure(failure, onUnauthorized, setError);
      } finally {
        setPending(null);
      }
    },
    [client, onUnauthorized],
  );

  const clearError = useCallback(() => setError(null), []);

  return { run, pending, error, clearError };
}
