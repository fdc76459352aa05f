import { useCallback, useEffect, useState } from 'react';

import type { FleetStatus, RollingDrain } from '@drainboard/contracts';
import type { ApiClient } from '@web/api/client.js';
import type { LiveFeed } from '@web/features/live/hooks/useLiveFeed.js';
import { usePolling } from '@web/shared/hooks/usePolling.js';

import { type FleetRow, mergeStatuses } from '../lib/fleet-view.js';

/** Period of the registry reads (heartbeats, lost markers); live numbers come from the feed in between. */
const REGISTRY_POLL_MS = 2000;

/** The fleet as the page shows it. */
export interface Fleet {
  rows: FleetRow[];
  ready: number | null;
  minReady: number | null;
  receivedBy: string | null;
  heartbeatTimeoutMs: number | null;
  rolling: RollingDrain | null;
  error: unknown;
  /** Reads the registry again now (after a command). */
  refresh(): void;
}

/**
 * The registry (`GET /admin/instances`, every 2 s and after each registry change on the feed), the live statuses
 * of every instance (`fleet-status`) and the rolling drain (`rolling-drain`, and once from the API).
 */
export function useFleet(client: ApiClient, feed: LiveFeed): Fleet {
  const [generation, setGeneration] = useState(0);
  const [statuses, setStatuses] = useState<ReadonlyMap<string, FleetStatus>>(new Map());
  const [rolling, setRolling] = useState<RollingDrain | null>(null);
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  // A new `load` (after `refresh`) restarts the polling at once.
  const load = useCallback(() => {
    void generation;
    return client.listInstances();
  }, [client, generation]);
  const registry = usePolling(load, REGISTRY_POLL_MS, true);

  useEffect(() => {
    void client.getRollingDrain().then(setRolling, () => undefined);
    const offs = [
      feed.on('fleet-status', ({ instances }) =>
        setStatuses((previous) => {
          const next = new Map(previous);
          for (const status of instances) {
            next.set(status.instanceId, status);
          }
          return next;
        }),
      ),
      feed.on('fleet-instance', () => refresh()),
      feed.on('rolling-drain', (progress) => setRolling(progress)),
    ];
    return () => offs.forEach((off) => off());
  }, [client, feed, refresh]);

  const value = registry.value;
  return {
    rows: value ? mergeStatuses(value.instances, statuses) : [],
    ready: value?.ready ?? null,
    minReady: value?.minReady ?? null,
    receivedBy: value?.receivedBy ?? null,
    heartbeatTimeoutMs: value?.heartbeatTimeoutMs ?? null,
    rolling,
    error: registry.error,
    refresh,
  };
}
