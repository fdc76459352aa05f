import type { DrainRun } from '@drainboard/contracts';

/** A stop run triggered by SIGTERM, still running, with no stage yet; `overrides` replace any field. */
export function drainRun(overrides: Partial<DrainRun> = {}): DrainRun {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    instanceId: 'i',
    kind: 'stop',
    trigger: { source: 'signal', signal: 'SIGTERM' },
    reason: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    outcome: 'running',
    resumedAt: null,
    inFlightAtStart: 0,
    abortedCount: 0,
    deadlineMs: 1000,
    stages: [],
    abortedRequests: [],
    ...overrides,
  };
}
