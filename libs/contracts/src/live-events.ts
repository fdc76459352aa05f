import type { DrainEvent } from './drain-event.js';
import type { DrainRun } from './drain-run.js';
import type {
  FleetCommand,
  FleetCommandBody,
  FleetInstanceChange,
  FleetStatus,
  RollingDrain,
} from './fleet.js';
import type { InFlightRequest } from './in-flight-request.js';
import type { InstanceState } from './instance-state.js';

/** socket.io namespace of the live feed on the admin port. */
export const LIVE_NAMESPACE = '/live';

/** Bumped on any incompatible change of the events below; client and server must agree. */
export const LIVE_PROTOCOL_VERSION = 1;

/** Period of the shared aggregation tick: at most 1000 / 250 = 4 `batch` events per second per client. */
export const LIVE_BATCH_INTERVAL_MS = 250;

/** Period of the counters ring buffer (one `CounterSample` per second). */
export const LIVE_SAMPLE_INTERVAL_MS = 1000;

/** Number of samples kept in the ring buffer and sent in a snapshot (two minutes at 1/s). */
export const LIVE_SAMPLE_CAPACITY = 120;

/** Most in-flight requests listed in a snapshot or tracked through batches; counters always carry the true count. */
export const LIVE_MAX_LISTED_REQUESTS = 500;

/**
 * Most packets a client may have waiting in the server's write buffer. A client at or above it is "behind": its
 * batches and events are dropped, and it gets a fresh snapshot once its buffer has drained.
 */
export const LIVE_MAX_BUFFERED_PACKETS = 8;

/** Why the server refused a handshake: the `message` of the client's `connect_error`. */
export const LIVE_CONNECT_ERRORS = {
  TOKEN_MISSING: 'LIVE_TOKEN_MISSING: the handshake auth has no token',
  TOKEN_INVALID: 'LIVE_TOKEN_INVALID: the token is wrong or has been rotated',
  PROTOCOL_MISMATCH: 'LIVE_PROTOCOL_MISMATCH: the client speaks another protocol version; reload the console',
  /** Too many failed handshakes from this address; `data.retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 'LIVE_RATE_LIMITED: too many failed authentications from this address',
  /** The default namespace `/` serves nothing: connect to `/live`. */
  NAMESPACE_REFUSED: 'LIVE_NAMESPACE_REFUSED: only the /live namespace is served',
} as const;

/** `data` of a `connect_error` refused with `LIVE_CONNECT_ERRORS.RATE_LIMITED`: HTTP's 429 and Retry-After. */
export interface LiveRateLimitedData {
  /** Always 429, as the HTTP API answers. */
  status: 429;
  /** Seconds until this address may try again. */
  retryAfterSeconds: number;
}

export type LiveConnectError = (typeof LIVE_CONNECT_ERRORS)[keyof typeof LIVE_CONNECT_ERRORS];

/** One sample of the counters used to draw charts. */
export interface CounterSample {
  /** ISO-8601 time of the sample. */
  at: string;
  inFlight: number;
  /** Requests finished per second over the last second. */
  throughput: number;
  openConnections: number;
  /** Open traffic sockets by state (`idle + busy + realtime` = `openConnections`). */
  connections: ConnectionsByState;
  /** Responses per second over the last second, by status class. */
  responses: ResponseRates;
}

/** Open traffic sockets: idle keep-alive, serving a request, upgraded or streaming (WebSocket, SSE). */
export interface ConnectionsByState {
  idle: number;
  busy: number;
  realtime: number;
}

/** HTTP status classes counted by the live feed. */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Responses per second by status class. */
export type ResponseRates = Record<StatusClass, number>;

/** Full picture sent on connect and after a resync. */
export interface LiveSnapshot {
  protocolVersion: number;
  instanceId: string;
  state: InstanceState;
  /** Up to `LIVE_MAX_LISTED_REQUESTS` requests in flight, oldest first. */
  inFlight: InFlightRequest[];
  /** True count of requests in flight (may exceed `inFlight.length`). */
  inFlightCount: number;
  openConnections: number;
  /** The run in progress (with its stages so far), or the drained run while `drained`. */
  currentRun: DrainRun | null;
  /** Ring buffer of counter samples, oldest first, at most `LIVE_SAMPLE_CAPACITY`. */
  samples: CounterSample[];
  /** ISO-8601 time the snapshot was taken. */
  at: string;
}

/** Coalesced changes since the previous batch. A request that started and finished within one tick is absent. */
export interface LiveBatch {
  /** The instance whose requests and counters these are (the one the client is connected to). */
  instanceId: string;
  /** Increases by one per tick; a client that sees a gap missed batches and should ask for a `resync`. */
  seq: number;
  added: InFlightRequest[];
  /** Ids of listed requests that finished (or were aborted) since the previous batch. */
  finished: string[];
  /** Current counters. */
  counters: CounterSample;
  /** The ring-buffer sample taken during this tick, if one was (append it to charts). */
  sample: CounterSample | null;
}

/** Handshake `auth` payload. */
export interface LiveAuth {
  token: string;
  protocolVersion: number;
}

/** The drain event of type `T`, as forwarded to live clients unchanged. */
export type LiveDrainEvent<T extends DrainEvent['type']> = Extract<DrainEvent, { type: T }>;

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

/** Sent right before the server closes every live connection (process exit). */
export interface LiveBye {
  reason: string;
  at: string;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: LiveSnapshot) => void;
  state: (event: Named<LiveDrainEvent<'state'>>) => void;
  'run-start': (event: Named<LiveDrainEvent<'run-start'>>) => void;
  'stage-start': (event: Named<LiveDrainEvent<'stage-start'>>) => void;
  'stage-end': (event: Named<LiveDrainEvent<'stage-end'>>) => void;
  'run-end': (event: Named<LiveDrainEvent<'run-end'>>) => void;
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

export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (e.g. after the tab was hidden or a `seq` gap). At most one per second is honoured. */
  resync: () => void;
}

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

export interface LiveSocketData {
  connectedAt: number;
}

/** Convenience for both sides' state unions. */
export type LiveState = InstanceState;
