import type { DrainEvent } from './drain-event.js';
import type { DrainRun } from './drain-run.js';
import type { DrainStageRecord } from './drain-stage-record.js';
import type { InstanceState } from './instance-state.js';
import type { InFlightRequest } from './in-flight-request.js';

/** socket.io namespace of the live feed on the admin port. */
export const LIVE_NAMESPACE = '/live';

/** Bumped on any incompatible change of the events below; client and server must agree. */
export const LIVE_PROTOCOL_VERSION = 1;

/** One sample of the counters ring buffer used to draw charts. */
export interface CounterSample {
  /** ISO-8601 time of the sample. */
  at: string;
  inFlight: number;
  /** Requests finished per second over the sample period. */
  throughput: number;
  openConnections: number;
}

/** Full picture sent on connect and after a resync. */
export interface LiveSnapshot {
  protocolVersion: number;
  instanceId: string;
  state: InstanceState;
  inFlight: InFlightRequest[];
  openConnections: number;
  currentRun: DrainRun | null;
  samples: CounterSample[];
  /** ISO-8601 time the snapshot was taken. */
  at: string;
}

/** Coalesced changes since the previous batch. */
export interface LiveBatch {
  added: InFlightRequest[];
  finished: string[];
  counters: CounterSample;
}

/** Handshake `auth` payload. */
export interface LiveAuth {
  token: string;
  protocolVersion: number;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: LiveSnapshot) => void;
  state: (event: Extract<DrainEvent, { type: 'state' }>) => void;
  'stage-start': (event: { runId: string; stage: DrainStageRecord['name']; at: string }) => void;
  'stage-end': (event: { runId: string; stage: DrainStageRecord; at: string }) => void;
  'run-start': (run: DrainRun) => void;
  'run-end': (run: DrainRun) => void;
  batch: (batch: LiveBatch) => void;
  /** Sent right before the server closes the connection on exit. */
  bye: (info: { reason: string; at: string }) => void;
}

export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (e.g. after the tab was hidden). */
  resync: () => void;
}

export interface InterServerEvents {
  ping: () => void;
}

export interface LiveSocketData {
  connectedAt: number;
}

/** Convenience for both sides' state unions. */
export type LiveState = InstanceState;
