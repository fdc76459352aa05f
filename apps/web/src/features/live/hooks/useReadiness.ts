import { useCallback } from 'react';

import type { ApiClient, Readiness } from '@web/api/client.js';
import { usePolling } from '@web/shared/hooks/usePolling.js';

/** `GET /health/ready` every 3 s while the process is there: readiness and the database check. */
export function useReadiness(client: ApiClient, enabled: boolean): Readiness | null {
  const load = useCallback(() => client.readiness(), [client]);
  return usePolling(load, 3000, enabled).value;
}
