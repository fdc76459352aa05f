import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import type { DrainClock } from '../drain-options.js';
import type { DrainEvents } from '../events/drain-events.js';
import { announcesClose, armConnectionClose } from './connection-close.js';
import { type ConnectionTracker, firstMatch } from './connection-tracker.js';
import { isLongPoll, isRealtime, routeOf, toInFlight, type TrackedRequest } from './tracked-request.js';

/** A request announces a body with Transfer-Encoding or a non-zero Content-Length (RFC 9112 6.3). */
function expectsBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

const ENTRY = Symbol.for('drainboard.request');
type RequestWithEntry = IncomingMessage & { [ENTRY]?: TrackedRequest };

/** The tracked request behind a raw, Express or Fastify request, if the traffic server saw it. */
export function trackedRequestOf(req: unknown): TrackedRequest | undefined {
  if (typeof req !== 'object' || req === null) {
    return undefined;
  }
  const own = (req as RequestWithEntry)[ENTRY];
  // Fastify hands handlers its own request object; Node's is `raw`.
  return own ?? trackedRequestOf((req as { raw?: unknown }).raw);
}

/**
 * Tracks every request of the traffic server through a prepended `request` listener. A request is in
 * flight until its response is done AND its body has been read in full (an upload answered early is
 * still arriving), or until its socket closes: a destroyed socket ends every request it carried.
 */
export class RequestTracker {
  readonly active = new Set<TrackedRequest>();
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
    connections.onSocketClosed = (requests) => requests.forEach((entry) => this.end(entry));
  }

  /**
   * engine.io's attach() takes every `request` listener off the server and calls them only for requests
   * that are not its own: put ours back in front, so long-polls are seen (and counted as realtime).
   */
  attach(server: Server): void {
    server.prependListener('request', this.onRequest);
    server.on('removeListener', (name: string | symbol, listener: unknown) => {
      if (name !== 'request' || listener !== this.onRequest) {
        return;
      }
      setImmediate(() => {
        if (!server.listeners('request').includes(this.onRequest)) {
          server.prependListener('request', this.onRequest);
        }
      });
    });
  }

  get isClosing(): boolean {
    return this.closing;
  }

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // Seen already: once in front and once through a wrapper that kept the old listener list.
    if ((req as RequestWithEntry)[ENTRY]) {
      return;
    }
    const conn = this.connections.get(req.socket);
    const entry: TrackedRequest = {
      seq: ++this.seq,
      req,
      res,
      conn,
      startedAt: this.clock.now(),
      bytesAtStart: req.socket.bytesWritten,
      controller: null,
      abortFired: false,
      ended: false,
    };
    (req as RequestWithEntry)[ENTRY] = entry;
    this.active.add(entry);
    this.connections.requestStarted(conn, entry);
    if (this.closing) {
      armConnectionClose(entry, this);
    }
    const responseDone = (): void => {
      if (req.complete) {
        this.end(entry);
      } else {
        req.once('end', () => this.end(entry));
        req.once('close', () => this.end(entry));
      }
    };
    res.once('finish', responseDone);
    res.once('close', responseDone);
    if (this.events.observed) {
      this.events.emit({ type: 'request-start', request: toInFlight(entry) });
    }
  };

  private end(entry: TrackedRequest): void {
    if (entry.ended) {
      return;
    }
    entry.ended = true;
    this.active.delete(entry);
    this.connections.requestEnded(entry.conn, entry, announcesClose(entry.res));
    if (this.events.observed) {
      this.events.emit({
        type: 'request-end',
        id: String(entry.seq),
        method: entry.req.method ?? 'GET',
        route: routeOf(entry.req),
        statusCode: entry.res.statusCode,
        durationMs: this.clock.now() - entry.startedAt,
      });
    }
    this.onEnded?.(entry);
    this.onChange?.();
  }

  /** Responses not started yet, and every later one, announce `Connection: close` when they are the last. */
  startClosing(): void {
    this.closing = true;
    for (const entry of this.active) {
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
    const conn = entry.conn;
    if (!conn) {
      return true;
    }
    // Pipelined requests queued behind it are answered first, in order.
    if (conn.requests[conn.requests.length - 1] !== entry) {
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
   * Whether any request is in flight (not realtime): O(1) amortized, so a drain can ask at every request
   * and socket event. Realtime requests met on the way go to the back of the set, out of the next scan's way.
   */
  hasInFlight(): boolean {
    return firstMatch(this.active, (entry) => !isRealtime(entry));
  }

  /** In-flight requests; server-sent-event streams and long-polls are realtime, not in flight. */
  inFlight(): TrackedRequest[] {
    return [...this.active].filter((entry) => !isRealtime(entry));
  }

  realtime(): TrackedRequest[] {
    return [...this.active].filter(isRealtime);
  }

  /** Fires the AbortSignal of every request still in flight. */
  fireAbortSignals(): void {
    for (const entry of this.inFlight()) {
      entry.abortFired = true;
      entry.controller?.abort(new Error('drain deadline is near'));
    }
  }
}
