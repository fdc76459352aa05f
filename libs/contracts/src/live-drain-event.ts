import type { DrainEvent, DrainEventType } from './drain-event.js';

/** The drain event of type `T`, as forwarded to live clients unchanged. */
export type LiveDrainEvent<T extends DrainEventType> = Extract<DrainEvent, { type: T }>;

/** A drain event named with the instance it happened on. */
export type Named<T> = T & { instanceId: string };

/** A state, run or stage event of any instance of the fleet, forwarded live with its instance and its order. */
export type FleetDrainEvent = Named<LiveDrainEvent<LiveImmediateEvent>> & {
  /** Increases by one per event of that instance (a gap means events were lost, e.g. during a database outage). */
  seq: number;
};

/** Drain events forwarded at once to every client (rare and important). */
export const LIVE_IMMEDIATE_EVENTS = ['state', 'run-start', 'stage-start', 'stage-end', 'run-end'] as const;

export type LiveImmediateEvent = (typeof LIVE_IMMEDIATE_EVENTS)[number];
