import type { DrainRun, DrainStageRecord, InFlightRequest, LiveSnapshot } from '@drainboard/contracts';

/** A stage record starting `offsetMs` after 2026-01-01T00:00:00Z. */
export function stage(
  name: DrainStageRecord['name'],
  order: number,
  offsetMs: number,
  durationMs: number | null,
) {
  const start = Date.UTC(2026, 0, 1) + offsetMs;
  return {
    name,
    order,
    startedAt: new Date(start).toISOString(),
    endedAt: durationMs === null ? null : new Date(start + durationMs).toISOString(),
    durationMs,
    outcome: durationMs === null ? 'running' : 'ok',
    details: {},
  } satisfies DrainStageRecord;
}

/** A drain run started at 2026-01-01T00:00:00Z. */
export function run(overrides: Partial<DrainRun> = {}): DrainRun {
  return {
    id: 'run-1',
    instanceId: 'host-1',
    kind: 'drain',
    trigger: { source: 'admin', reason: 'deploy' },
    reason: 'deploy',
    startedAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
    finishedAt: null,
    outcome: 'running',
    inFlightAtStart: 1,
    resumedAt: null,
    abortedCount: 0,
    deadlineMs: 10_000,
    stages: [],
    abortedRequests: [],
    ...overrides,
  };
}

export function request(id: string): InFlightRequest {
  return { id, method: 'GET', route: '/demo/slow', startedAt: '2026-01-01T00:00:00.000Z', bytesWritten: 0 };
}

export function snapshot(overrides: Partial<LiveSnapshot> = {}): LiveSnapshot {
  return {
    protocolVersion: 1,
    instanceId: 'host-1',
    state: 'serving',
    inFlight: [],
    inFlightCount: 0,
    openConnections: 0,
    currentRun: null,
    samples: [],
    at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
