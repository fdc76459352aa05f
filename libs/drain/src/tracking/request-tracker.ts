import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import type { DrainClock } from '../drain-options.js';
import type { DrainEvents } from '../events/drain-events.js';
import type { ConnectionTracker } from './connection-tracker.js';
import { isEventStream, routeOf, toInFlight, type TrackedRequest } from './tracked-request.js';

const ENTRY = Symbol.for('drainboard.request');
type RequestWithEntry = IncomingMessage & { [ENTRY]?: TrackedRequest };

/** The tracked request behind a raw or Express request, if the traffic server saw it. */
export function trackedRequestOf(req: unknown): TrackedRequest | undefined {
  return typeof req === 'object' && req !== null ? (req as RequestWithEntry)[ENTRY] : undefined;
}

/** Tracks every request of the traffic server through a prepended `request` listener. */
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
  ) {}

  attach(server: Server): void {
    server.prependListener('request', this.onRequest);
  }

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
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
    this.connections.requestStarted(conn);
    if (this.closing) res.setHeader('Connection', 'close');
    const done = (): void => this.end(entry);
    res.once('finish', done);
    res.once('close', done);
    if (this.events.observed) this.events.emit({ type: 'request-start', request: toInFlight(entry) });
  };

  private end(entry: TrackedRequest): void {
    if (entry.ended) return;
    entry.ended = true;
    this.active.delete(entry);
    this.connections.requestEnded(entry.conn);
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

  /** Responses not started yet, and every later one, carry `Connection: close`. */
  startClosing(): void {
    this.closing = true;
    for (const entry of this.active) {
      if (!entry.res.headersSent) entry.res.setHeader('Connection', 'close');
    }
  }

  stopClosing(): void {
    this.closing = false;
  }

  /** In-flight requests, server-sent-event streams excluded (they are realtime). */
  inFlight(): TrackedRequest[] {
    const list: TrackedRequest[] = [];
    for (const entry of this.active) {
      if (isEventStream(entry)) {
        if (entry.conn) entry.conn.realtime = true;
      } else list.push(entry);
    }
    return list;
  }

  realtime(): TrackedRequest[] {
    return [...this.active].filter(isEventStream);
  }

  /** Fires the AbortSignal of every request still in flight. */
  fireAbortSignals(): void {
    for (const entry of this.inFlight()) {
      entry.abortFired = true;
      entry.controller?.abort(new Error('drain deadline is near'));
    }
  }
}
