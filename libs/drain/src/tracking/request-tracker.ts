import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import type { DrainClock } from '../drain-options.js';
import type { DrainEvents } from '../events/drain-events.js';
import { announcesClose, armConnectionClose } from './connection-close.js';
import { type ConnectionTracker, lastRequestOn } from './connection-tracker.js';
import { FIRED, isLongPoll, isRealtime, routeOf, toInFlight, type TrackedRequest } from './tracked-request.js';

/** A request announces a body with Transfer-Encoding or a non-zero Content-Length (RFC 9112 6.3). */
function expectsBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** What Node publishes on its `http.server.*` diagnostics channels. */
interface ServerMessage {
  request: IncomingMessage;
  response: ServerResponse;
  socket: Socket;
  server: Server;
}

/** The tracker of each attached server: Node's channels publish for every HTTP server of the process. */
const trackers = new WeakMap<Server, RequestTracker>();
let subscribed = false;

/**
 * Requests are seen through Node's `http.server.request.start` and `http.server.response.finish` diagnostics
 * channels (published for every request, before any `request` listener runs, whatever engine.io does with
 * those listeners, and for `checkContinue` requests too): nothing is allocated per request for the tracking
 * but its record, no listener or closure is added to the request or the response.
 */
function subscribeOnce(): void {
  if (subscribed) {
    return;
  }
  subscribed = true;
  subscribe('http.server.request.start', (message) => {
    const { server, request, response } = message as ServerMessage;
    trackers.get(server)?.started(request, response);
  });
  subscribe('http.server.response.finish', (message) => {
    const { server, request } = message as ServerMessage;
    trackers.get(server)?.responseDone(request);
  });
}

/** The tracked request behind a raw, Express or Fastify request, if the traffic server saw it. */
export function trackedRequestOf(req: unknown): TrackedRequest | undefined {
  if (typeof req !== 'object' || req === null) {
    return undefined;
  }
  // An accepted socket knows its server (`socket.server`, set by net on accept).
  const server = (req as { socket?: { server?: unknown } }).socket?.server;
  const entry = server ? trackers.get(server as Server)?.entryOf(req as IncomingMessage) : undefined;
  if (entry) {
    return entry;
  }
  // Fastify hands handlers its own request object; Node's is `raw`.
  const raw = (req as { raw?: unknown }).raw;
  return raw && raw !== req ? trackedRequestOf(raw) : undefined;
}

/**
 * Tracks every request of the traffic server. A request is in flight until its response is done AND its body
 * has been read in full (an upload answered early is still arriving), or until its socket closes: a destroyed
 * socket ends every request it carried.
 */
export class RequestTracker {
  /**
   * Requests on a socket the connection tracker never saw (accepted before it was attached). Every other request
   * is found through its socket's record: no map entry per request.
   */
  private readonly orphans = new Map<IncomingMessage, TrackedRequest>();
  /** Called whenever a request ends (drain waits are event-driven). */
  onChange: (() => void) | null = null;
  /** Called with each request as it ends, before `onChange` (the engine records status codes and give-ups). */
  onEnded: ((entry: TrackedRequest) => void) | null = null;
  private seq = 0;
  private closing = false;

  constructor(
    private readonly clock: DrainClock,
    private readonly events: DrainEvents,
    private readonly connections: ConnectionTracker,
  ) {
    // The socket's record has already let go of them: they end without being looked up there.
    connections.onSocketClosed = (requests) => requests.forEach((entry) => this.ended(entry));
  }

  attach(server: Server): void {
    subscribeOnce();
    trackers.set(server, this);
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** `http.server.request.start` of the attached server. */
  started(req: IncomingMessage, res: ServerResponse): void {
    const conn = this.connections.get(req.socket);
    const entry: TrackedRequest = {
      seq: ++this.seq,
      req,
      res,
      startedAt: this.clock.now(),
      bytesAtStart: req.socket.bytesWritten,
      controller: null,
    };
    if (conn) {
      this.connections.requestStarted(conn, entry);
    } else {
      this.orphans.set(req, entry);
      // A socket accepted before the tracker was attached: its close is not watched, the response's is.
      res.once('close', () => this.end(entry));
    }
    if (this.closing) {
      armConnectionClose(entry, this);
    }
    if (this.events.observed) {
      this.events.emit({ type: 'request-start', request: toInFlight(entry) });
    }
  }

  /** `http.server.response.finish`: the request ends now, or once its body has been read in full. */
  responseDone(req: IncomingMessage): void {
    const entry = this.entryOf(req);
    if (!entry) {
      return;
    }
    if (req.complete) {
      this.end(entry);
      return;
    }
    const end = (): void => this.end(entry);
    req.once('end', end);
    req.once('close', end);
  }

  /** The request record of `req` while it is in flight (found on its socket's record). */
  entryOf(req: IncomingMessage): TrackedRequest | undefined {
    const conn = this.connections.get(req.socket);
    if (!conn) {
      return this.orphans.get(req);
    }
    return conn.request?.req === req ? conn.request : conn.queued?.find((entry) => entry.req === req);
  }

  /** Ends a request once: by its response, its body, or its socket's close, whichever comes first. */
  private end(entry: TrackedRequest): void {
    const conn = this.connections.get(entry.req.socket);
    const wasInFlight = conn
      ? this.connections.requestEnded(conn, entry, announcesClose(entry.res))
      : this.orphans.delete(entry.req);
    if (wasInFlight) {
      this.ended(entry);
    }
  }

  private ended(entry: TrackedRequest): void {
    const { events } = this;
    if (events.observed || events.requestEnd.length > 0) {
      const method = entry.req.method ?? 'GET';
      const route = routeOf(entry.req);
      const statusCode = entry.res.statusCode;
      const durationMs = this.clock.now() - entry.startedAt;
      if (events.requestEnd.length > 0) {
        events.requestEnded({ method, route, statusCode, durationMs });
      }
      if (events.observed) {
        events.emit({ type: 'request-end', id: String(entry.seq), method, route, statusCode, durationMs });
      }
    }
    this.onEnded?.(entry);
    this.onChange?.();
  }

  /** Every request in flight or realtime, in arrival order. */
  private all(): TrackedRequest[] {
    const all = [...this.orphans.values()];
    for (const conn of this.connections.sockets.values()) {
      if (conn.request) {
        all.push(conn.request, ...(conn.queued ?? []));
      }
    }
    return all.sort((a, b) => a.seq - b.seq);
  }

  /** Responses not started yet, and every later one, announce `Connection: close` when they are the last. */
  startClosing(): void {
    this.closing = true;
    for (const entry of this.all()) {
      armConnectionClose(entry, this);
    }
  }

  stopClosing(): void {
    this.closing = false;
  }

  /** True when a response about to be written should be the socket's last one. */
  isLastOnSocket(entry: TrackedRequest): boolean {
    // A long-poll's socket carries the client's next poll: keep it for close-realtime to answer.
    if (isLongPoll(entry.req)) {
      return false;
    }
    const conn = this.connections.get(entry.req.socket);
    if (!conn) {
      return true;
    }
    // Pipelined requests queued behind it are answered first, in order.
    if (lastRequestOn(conn) !== entry) {
      return false;
    }
    // The message the parser is on is this request's own: close unless a body is still to come
    // (the socket then closes once the body is read and the socket idle).
    if (!entry.req.complete) {
      return !expectsBody(entry.req);
    }
    // A next request partly received keeps the socket open: it is served, then the socket closes.
    return this.connections.receiving(conn) === null;
  }

  /**
   * Whether a request is in flight on a socket the connection tracker never saw. Every other in-flight request
   * keeps its socket plain (see `ConnectionTracker.hasPlainSocket`).
   */
  hasOrphanInFlight(): boolean {
    for (const entry of this.orphans.values()) {
      if (!isRealtime(entry)) {
        return true;
      }
    }
    return false;
  }

  /** In-flight requests; server-sent-event streams and long-polls are realtime, not in flight. */
  inFlight(): TrackedRequest[] {
    return this.all().filter((entry) => !isRealtime(entry));
  }

  realtime(): TrackedRequest[] {
    return this.all().filter(isRealtime);
  }

  /** Fires the AbortSignal of every request still in flight. */
  fireAbortSignals(): void {
    for (const entry of this.inFlight()) {
      if (entry.controller === null) {
        entry.controller = FIRED;
      } else if (entry.controller !== FIRED) {
        entry.controller.abort(new Error('drain deadline is near'));
      }
    }
  }
}
