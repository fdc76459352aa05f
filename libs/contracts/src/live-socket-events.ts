import type { FleetInstanceChange, FleetStatus } from './fleet-instance.js';
import type { LiveBatch } from './live-batch.js';
import type { LiveBye } from './live-bye.js';
import {
  type FleetDrainEvent,
  LIVE_IMMEDIATE_EVENTS,
  type LiveDrainEvent,
  type LiveImmediateEvent,
  type Named,
} from './live-drain-event.js';
import type { LiveSnapshot } from './live-snapshot.js';
import type { RollingDrain } from './rolling-drain.js';

/** Every event the server sends on `/live`: the one list clients subscribe from. */
export const LIVE_SERVER_EVENTS = [
  'snapshot',
  'batch',
  ...LIVE_IMMEDIATE_EVENTS,
  'fleet-event',
  'fleet-status',
  'fleet-instance',
  'rolling-drain',
  'bye',
] as const;

/** Name of an event the server sends on `/live`. */
export type LiveServerEvent = (typeof LIVE_SERVER_EVENTS)[number];

/** One handler per immediate drain event, each with its own event type, named with its instance. */
export type LiveImmediateHandlers = {
  [T in LiveImmediateEvent]: (event: Named<LiveDrainEvent<T>>) => void;
};

/** What the server sends on `/live` (typed socket.io); its keys are exactly `LIVE_SERVER_EVENTS`. */
export interface ServerToClientEvents extends LiveImmediateHandlers {
  snapshot: (snapshot: LiveSnapshot) => void;
  batch: (batch: LiveBatch) => void;
  /** State, run and stage events of every instance of the fleet (this one included), as they happen. */
  'fleet-event': (event: FleetDrainEvent) => void;
  /** Latest state and load of the instances that reported since the previous one (at most one per batch tick). */
  'fleet-status': (update: { instances: FleetStatus[] }) => void;
  /** An instance registered, stopped, was declared lost or came back. */
  'fleet-instance': (change: FleetInstanceChange) => void;
  /** Progress of a rolling drain. */
  'rolling-drain': (progress: RollingDrain) => void;
  /** Sent right before the server closes the connection on exit. */
  bye: (info: LiveBye) => void;
}

/** Fails to compile when `LIVE_SERVER_EVENTS` and `ServerToClientEvents` disagree. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type _EveryServerEventListed = Same<keyof ServerToClientEvents, LiveServerEvent> extends true ? true : never;
const _everyServerEventListed: _EveryServerEventListed = true;

export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (e.g. after the tab was hidden or a `seq` gap). At most one per second is honoured. */
  resync: () => void;
}

export interface LiveSocketData {
  connectedAt: number;
}
