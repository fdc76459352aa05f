import type { FleetCommand, FleetCommandBody } from './fleet-command.js';
import type { FleetInstanceChange, FleetStatus } from './fleet-instance.js';
import type { FleetDrainEvent } from './live-drain-event.js';
import type { RollingDrain } from './rolling-drain.js';

/** A command sent to one instance of the fleet through the live feed's Postgres adapter. */
export interface FleetCommandRequest {
  requestId: string;
  from: string;
  target: string;
  command: FleetCommand;
  body: FleetCommandBody;
  /** Who called the receiving instance (recorded in the run's trigger). */
  caller: { userAgent?: string; ip?: string };
  /** Epoch ms after which the target must not run it any more (the sender has answered 504 by then). */
  expiresAt: number;
}

/** The target's answer: its result, or the admin API error it raised. */
export interface FleetCommandReply {
  requestId: string;
  from: string;
  to: string;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/** Events between the API servers of the fleet (socket.io `serverSideEmit` through `@socket.io/postgres-adapter`). */
export interface InterServerEvents {
  'fleet:event': (event: FleetDrainEvent) => void;
  'fleet:status': (status: FleetStatus) => void;
  'fleet:instance': (change: FleetInstanceChange) => void;
  'fleet:rolling': (progress: RollingDrain) => void;
  'fleet:rolling-cancel': (request: { rolloutId: string; from: string }) => void;
  'fleet:command': (request: FleetCommandRequest) => void;
  'fleet:reply': (reply: FleetCommandReply) => void;
}
