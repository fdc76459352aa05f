import { io, type Socket } from 'socket.io-client';

import {
  type ClientToServerEvents,
  type InFlightRequest,
  LIVE_NAMESPACE,
  LIVE_PROTOCOL_VERSION,
  type LiveSnapshot,
  type ServerToClientEvents,
} from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One event as a live client received it; `at` is `performance.now()` on arrival. */
export interface ReceivedEvent {
  name: string;
  payload: unknown;
  at: number;
}

/** A real socket.io client of `/live` that records everything and folds the in-flight list. */
export interface LiveClient {
  socket: LiveSocket;
  events: ReceivedEvent[];
  /** In-flight requests as this client knows them (snapshot + batches). */
  inFlight: Map<string, InFlightRequest>;
  lastSnapshot(): LiveSnapshot | null;
  /** Message of the last `connect_error`, if any. */
  connectError(): string | null;
  /** Reasons of every `disconnect`, in order. */
  disconnects: string[];
  close(): void;
}

/** Options of `connectLive`. */
export interface ConnectLiveOptions {
  /** Handshake auth; defaults to `{ token, protocolVersion: LIVE_PROTOCOL_VERSION }` when `token` is given. */
  auth?: Record<string, unknown>;
  token?: string;
  /** Let socket.io reconnect on its own (default false). */
  reconnection?: boolean;
}

/** Opens a live-feed client on its own connection (websocket transport). */
export function connectLive(adminUrl: string, opts: ConnectLiveOptions = {}): LiveClient {
  const auth =
    opts.auth ??
    (opts.token === undefined ? {} : { token: opts.token, protocolVersion: LIVE_PROTOCOL_VERSION });
  const socket: LiveSocket = io(`${adminUrl}${LIVE_NAMESPACE}`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  const events: ReceivedEvent[] = [];
  const inFlight = new Map<string, InFlightRequest>();
  const disconnects: string[] = [];
  let snapshot: LiveSnapshot | null = null;
  let connectError: string | null = null;
  socket.onAny((name: string, payload: unknown) => events.push({ name, payload, at: performance.now() }));
  socket.on('snapshot', (received) => {
    snapshot = received;
    inFlight.clear();
    for (const request of received.inFlight) {
      inFlight.set(request.id, request);
    }
  });
  socket.on('batch', (batch) => {
    for (const id of batch.finished) {
      inFlight.delete(id);
    }
    for (const request of batch.added) {
      inFlight.set(request.id, request);
    }
  });
  socket.on('connect_error', (error) => (connectError = error.message));
  socket.on('disconnect', (reason) => disconnects.push(reason));
  return {
    socket,
    events,
    inFlight,
    disconnects,
    lastSnapshot: () => snapshot,
    connectError: () => connectError,
    close: () => socket.disconnect(),
  };
}

/** Waits until `client` has received its first snapshot and returns it. */
export function firstSnapshot(client: LiveClient, timeoutMs = 10_000): Promise<LiveSnapshot> {
  return pollUntil(() => client.lastSnapshot(), { timeoutMs, description: 'a live snapshot' });
}

/** Names and payloads of the events received so far, optionally only those named in `names`. */
export function received(client: LiveClient, ...names: string[]): ReceivedEvent[] {
  return names.length === 0 ? client.events : client.events.filter((event) => names.includes(event.name));
}
