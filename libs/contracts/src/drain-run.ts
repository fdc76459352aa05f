import type { DrainStageRecord } from './drain-stage-record.js';
import type { DrainTrigger } from './drain-trigger.js';
import type { AbortedRequest } from './in-flight-request.js';

/** `drain` keeps the process up (resumable); `stop` drains, runs hooks and exits. */
export const DRAIN_RUN_KINDS = ['drain', 'stop'] as const;
export type DrainRunKind = (typeof DRAIN_RUN_KINDS)[number];

/**
 * `running` until it ends; `clean` when nothing was cut off and no hook failed;
 * `aborted` when requests were cut off at the deadline; `failed` when a stage or hook failed;
 * `resumed` when an admin drain was resumed before or after it finished draining;
 * `interrupted` when its instance died before the run ended (kill -9, forced exit, lost heartbeat): its
 * `finishedAt` is then the instance's last heartbeat, and its stages are those it reached.
 */
export const DRAIN_RUN_OUTCOMES = [
  'running',
  'clean',
  'aborted',
  'failed',
  'resumed',
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
  inFlightAtStart: number;
  abortedCount: number;
  deadlineMs: number;
  stages: DrainStageRecord[];
  abortedRequests: AbortedRequest[];
}
