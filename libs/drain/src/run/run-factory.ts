import { randomUUID } from 'node:crypto';

import type { DrainRun, DrainRunKind, DrainTrigger } from '@drainboard/contracts';

/** A new run record, `running`, with no stages yet. */
export function createRun(args: {
  instanceId: string;
  kind: DrainRunKind;
  trigger: DrainTrigger;
  startedAt: string;
  deadlineMs: number;
  inFlight: number;
}): DrainRun {
  return {
    id: randomUUID(),
    instanceId: args.instanceId,
    kind: args.kind,
    trigger: { ...args.trigger },
    reason: args.trigger.reason ?? null,
    startedAt: args.startedAt,
    finishedAt: null,
    outcome: 'running',
    resumedAt: null,
    inFlightAtStart: args.inFlight,
    abortedCount: 0,
    deadlineMs: args.deadlineMs,
    stages: [],
    abortedRequests: [],
    statusCodes: {},
  };
}

/**
 * Outcome of a run as it ends: aborted (requests cut off, or a stage aborted) > gave-up (handlers answered
 * 5xx after their AbortSignal fired) > failed (a stage or hook failed) > clean. A resume does not change it.
 */
export function decideOutcome(run: DrainRun): DrainRun['outcome'] {
  const cut = run.abortedRequests.some((r) => (r.kind ?? 'aborted') === 'aborted');
  if (cut || run.stages.some((s) => s.outcome === 'aborted')) {
    return 'aborted';
  }
  if (run.abortedRequests.some((r) => r.kind === 'gave-up')) {
    return 'gave-up';
  }
  if (run.stages.some((stage) => stage.outcome === 'failed')) {
    return 'failed';
  }
  return 'clean';
}

/** Exit code of a stop: 0 only for a clean run. */
export const exitCodeOf = (outcome: DrainRun['outcome']): number => (outcome === 'clean' ? 0 : 1);

/** Checks the `deadlineMs` of a drain/stop call. */
export function checkDeadline(deadlineMs: number | undefined, fallback: number): number {
  if (deadlineMs === undefined) {
    return fallback;
  }
  if (typeof deadlineMs !== 'number' || !Number.isFinite(deadlineMs) || deadlineMs < 0) {
    throw new TypeError(`deadlineMs must be a non-negative finite number, got ${String(deadlineMs)}`);
  }
  return deadlineMs;
}
