import { useCallback } from 'react';

import type { DrainPreview } from '@drainboard/contracts';
import type { ApiClient } from '@web/api/client.js';
import { usePolling } from '@web/shared/hooks/usePolling.js';

/**
 * The dry run of a drain, polled from `GET /admin/drain/preview`: every second while requests are in flight or a
 * run is going (during a run it predicts against the time left), every 5 s otherwise (for the grace check).
 * `runId` is only there to restart the polling when a run starts.
 */
export function usePreview(
  client: ApiClient,
  enabled: boolean,
  busy: boolean,
  runId: string | null,
): DrainPreview | null {
  // A new run restarts the polling at once, so the prediction against its deadline shows without waiting.
  const load = useCallback(() => client.previewDrain(), [client, runId]);
  return usePolling(load, busy ? 1000 : 5000, enabled).value;
}
