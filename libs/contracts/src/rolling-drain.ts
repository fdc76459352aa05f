/** Modes of a rolling drain: drain then resume each instance, or stop each (the orchestrator replaces it). */
export const ROLLING_DRAIN_MODES = ['resume', 'stop'] as const;
export type RollingDrainMode = (typeof ROLLING_DRAIN_MODES)[number];

/** Body of `POST /admin/fleet/rolling-drain`. */
export interface RollingDrainBody {
  /** Instance ids in order (default: every live instance by id, the receiving one last). */
  instances?: string[];
  mode: RollingDrainMode;
  /** Drain deadline per instance (default: each instance's DRAIN_DEADLINE_MS). */
  deadlineMs?: number;
}

export const ROLLING_DRAIN_STATUSES = ['running', 'done', 'cancelled', 'failed', 'interrupted'] as const;
export type RollingDrainStatus = (typeof ROLLING_DRAIN_STATUSES)[number];

export const ROLLING_STEP_STATUSES = [
  'pending',
  'waiting',
  'draining',
  'resuming',
  'stopping',
  'done',
  'skipped',
  'failed',
  'cancelled',
] as const;
export type RollingStepStatus = (typeof ROLLING_STEP_STATUSES)[number];

/** Progress of one instance in a rolling drain. */
export interface RollingDrainStep {
  instanceId: string;
  status: RollingStepStatus;
  /** What it is waiting for, or why it failed or was skipped. */
  message: string | null;
  runId: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

/** A rolling drain and its progress (also the `rolling-drain` live event). */
export interface RollingDrain {
  id: string;
  /** The instance running it (the one that received the POST). */
  coordinatorId: string;
  mode: RollingDrainMode;
  deadlineMs: number | null;
  status: RollingDrainStatus;
  steps: RollingDrainStep[];
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
}
