import { useEffect, useState } from 'react';

import type { DrainPreview } from '@drainboard/contracts';
import type { ApiClient } from '@web/api/client.js';
import { errorMessage } from '@web/shared/lib/error-message.js';

/** How long the deadline field must rest before the dry run is asked again. */
const SETTLE_MS = 250;

/** The dry run for a drain with `deadlineMs` (undefined: the default deadline), refreshed every 2 s while open. */
export function useDryRun(client: ApiClient, deadlineMs: number | undefined, enabled: boolean) {
  const [preview, setPreview] = useState<DrainPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) {
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const load = async () => {
      try {
        const next = await client.previewDrain(deadlineMs);
        if (!stopped) {
          setPreview(next);
          setError(null);
        }
      } catch (failure) {
        if (!stopped) {
          setError(errorMessage(failure));
        }
      }
      if (!stopped) {
        timer = setTimeout(() => void load(), 2000);
      }
    };
    timer = setTimeout(() => void load(), SETTLE_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, deadlineMs, enabled]);
  return { preview, error };
}
