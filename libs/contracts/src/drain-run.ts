import type { DrainStageRecord } from './drain-stage-record.js';
import type { DrainTrigger } from './drain-trigger.js';
import type { AbortedRequest } from './in-flight-request.js';

/** `drain` keeps the process up (resumable); `stop` drains, runs hooks and exits. */
export const DRAIN_RUN_KINDS = ['drain', 'stop'] as const;
export type DrainRunKind = (typeof DRAIN_RUN_KINDS)[number];

/**
 * `running` until it ends; `clean` when nothing was cut off, no handler gave up and no stage failed;
 * `aborted` when requests were cut off at the deadline; `gave-up` when handlers answered 5xx after their
 * AbortSignal fired; `failed` when a stage or hook failed; `interrupted` when its instance died before the run
 * ended (kill -9, forced exit, lost heartbeat): its `finishedAt` is then the instance's last heartbeat, and its
 * stages are those it reached. A resume keeps the outcome and sets `resumedAt`.
 */
export const DRAIN_RUN_OUTCOMES = [
  'running',
  'clean',
  'aborted',
  'gave-up',
  'failed',
  'interrupted',
] as const;
export type DrainRunOutcome = (typeof DRAIN_RUN_OUTCOMES)[number];

export interface DrainRun {
  id: string;
  instanceId: string;
  kind: DrainRunKind;
  trigger: DrainTrigger;
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  outcome: DrainRunOutcome;
  /** When an admin drain was resumed (the traffic port listening again); null otherwise. */
  resumedAt: string | null;
  inFlightAtStart: number;
  /** Requests cut off at the deadline or given up by their handler (both listed in `abortedRequests`). */
  abortedCount: number;
  deadlineMs: number;
  stages: DrainStageRecord[];
  abortedRequests: AbortedRequest[];
  /** Responses sent on the traffic port while the run was going on, by status code (e.g. `{ "200": 12 }`). */
  statusCodes?: Record<string, number>;
}
