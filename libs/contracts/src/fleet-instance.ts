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
