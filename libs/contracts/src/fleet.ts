import type { DrainRequestBody, InstanceStateResponse } from './admin-api.js';
import type { DrainRun } from './drain-run.js';
import { INSTANCE_STATES, type InstanceState } from './instance-state.js';

/**
 * States of an instance as the fleet registry knows it: `starting` until its listeners are up, then its engine
 * state, `stopped` after a clean exit, `lost` once it missed heartbeats for the stated timeout (kill -9, crash,
 * forced exit, partition). Stopped and lost instances stay listed as history.
 */
export const FLEET_INSTANCE_STATES = ['starting', ...INSTANCE_STATES, 'stopped', 'lost'] as const;
export type FleetInstanceState = (typeof FLEET_INSTANCE_STATES)[number];

/** States of an instance that is gone (kept as history, never a command target). */
export const FLEET_GONE_STATES = ['stopped', 'lost'] as const satisfies readonly FleetInstanceState[];

/** One instance of the fleet, as registered in Postgres. Times are ISO-8601. */
export interface FleetInstance {
  id: string;
  host: string;
  pid: number;
  version: string;
  /** Base URL of the traffic port as the instance advertises it (null until it listens). */
  trafficUrl: string | null;
  /** Base URL of the admin port (null until it listens). */
  adminUrl: string | null;
  state: FleetInstanceState;
  /** In-flight requests and open connections at its last heartbeat. */
  inFlight: number;
  openConnections: number;
  startedAt: string;
  /** Its last heartbeat (the database's clock). */
  lastHeartbeatAt: string;
  /** Milliseconds since its last heartbeat, by the database's clock, when the list was read. */
  heartbeatAgeMs: number;
  stoppedAt: string | null;
  lostAt: string | null;
}

/** `GET /admin/instances`. */
export interface FleetInstancesResponse {
  /** Live instances first (by id), then gone ones (most recent first). */
  instances: FleetInstance[];
  /** The instance that answered. */
  receivedBy: string;
  /** Instances `serving` with a fresh heartbeat. */
  ready: number;
  minReady: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
}

/** Commands `POST /admin/instances/:id/<command>` sends to an instance. */
export const FLEET_COMMANDS = ['drain', 'resume', 'stop'] as const;
export type FleetCommand = (typeof FLEET_COMMANDS)[number];

/** Body of `POST /admin/instances/:id/drain|stop` (`resume` takes `force` only, which it ignores). */
export interface FleetCommandBody extends DrainRequestBody {
  /** Overrides the `FLEET_MIN_READY` guard. */
  force?: boolean;
}

/** Answer of a targeted command: the target's own answer (the run for drain/stop, its state for resume). */
export interface FleetCommandResponse {
  instanceId: string;
  command: FleetCommand;
  receivedBy: string;
  result: DrainRun | InstanceStateResponse;
}

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

/** An instance's load and state, sent by each instance about once a second on the live feed. */
export interface FleetStatus {
  instanceId: string;
  state: InstanceState;
  inFlight: number;
  openConnections: number;
  at: string;
}

/** A registry change seen by the fleet: an instance registered, stopped, was declared lost or came back. */
export interface FleetInstanceChange {
  instanceId: string;
  state: FleetInstanceState;
  at: string;
  detail: string | null;
}
