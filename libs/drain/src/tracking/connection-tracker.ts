import type { Server } from 'node:http';
import type { Socket } from 'node:net';

import type { DrainClock, DrainTimer } from '../clock/drain-clock.js';
import { type PartialMessage, partialMessage } from './http-parser-probe.js';
import { emptyLedger, type SocketEnding, type SocketLedger } from './socket-ledger.js';
import { isRealtime, type TrackedRequest } from './tracked-request.js';

/**
 * One socket accepted by the traffic server. Kept small (no closures, no arrays while a single request is in
 * flight): one of these exists per open connection, and the library's memory per request is mostly this.
 */
export interface TrackedSocket {
  socket: Socket;
  /** The oldest request received on it and not ended yet (see `requestsOn`). */
  request: TrackedRequest | null;
  /** Requests pipelined behind `request`, in arrival order; null when there are none. */
  queued: TrackedRequest[] | null;
  lastActiveAt: number;
  /** `socket.bytesRead` when it last had nothing in progress. */
  bytesAtRest: number;
  /** How the server ended it, once it did. */
  endedBy: Extract<SocketEnding, 'idleFin' | 'afterLastResponse' | 'cutAtDeadline'> | null;
}

/** The requests received on a socket and not ended yet, in arrival order. */
export function requestsOn(entry: TrackedSocket): TrackedRequest[] {
  if (!entry.request) {
    return [];
  }
  return entry.queued ? [entry.request, ...entry.queued] : [entry.request];
}

/** The latest request received on a socket and not ended yet. */
export function lastRequestOn(entry: TrackedSocket): TrackedRequest | null {
  return entry.queued?.[entry.queued.length - 1] ?? entry.request;
}

/**
 * The client sent its FIN first, or reset the connection (read when the socket closes: a FIN read ends the
 * readable side, a reset destroys the socket with ECONNRESET).
 */
function clientEnded(socket: Socket): boolean {
  const error: NodeJS.ErrnoException | null = socket.errored;
  return socket.readableEnded || error?.code === 'ECONNRESET';
}

/** The stream hook every socket close goes through (`destroy()` calls it once). */
type TrackedDestroy = Socket & {
  _destroy(error: Error | null, callback: (error?: Error | null) => void): void;
};

/** Counts sockets of the traffic server and closes them gracefully once closing has begun. */
export class ConnectionTracker {
  /** Open sockets of the traffic server. */
  readonly sockets = new Map<Socket, TrackedSocket>();
  /** Called whenever a socket closes (drain waits are event-driven). */
  onChange: (() => void) | null = null;
  /** Called with the requests a socket still carried when it closed: they end with it. */
  onSocketClosed: ((requests: TrackedRequest[]) => void) | null = null;
  private readonly totals = emptyLedger();
  // What few sockets have is kept here rather than as a field of every record.
  /** Taken over by an `upgrade` listener (WebSocket). */
  private readonly upgraded = new Set<TrackedSocket>();
  /** Idle sockets given a last call while closing. */
  private readonly lastCalls = new Map<TrackedSocket, DrainTimer>();
  /** Answered a request since closing began: their FIN then follows their last response. */
  private readonly servedWhileClosing = new Set<TrackedSocket>();
  private closingGraceMs: number | null = null;

  constructor(private readonly clock: DrainClock) {}

  attach(server: Server): void {
    server.prependListener('connection', this.onConnection);
    const markUpgraded = (_req: unknown, socket: Socket): void => {
      const entry = this.sockets.get(socket);
      if (entry) {
        this.upgraded.add(entry);
      }
    };
    // Adding an 'upgrade' listener changes how Node treats Upgrade requests, so only join existing ones.
    if (server.listenerCount('upgrade') > 0) {
      server.prependListener('upgrade', markUpgraded);
    } else {
      const onNew = (name: string | symbol): void => {
        if (name !== 'upgrade') {
          return;
        }
        server.removeListener('newListener', onNew);
        setImmediate(() => server.prependListener('upgrade', markUpgraded));
      };
      server.on('newListener', onNew);
    }
  }

  get(socket: Socket): TrackedSocket | undefined {
    return this.sockets.get(socket);
  }

  readonly onConnection = (socket: Socket): void => {
    const entry: TrackedSocket = {
      socket,
      request: null,
      queued: null,
      lastActiveAt: this.clock.now(),
      bytesAtRest: 0,
      endedBy: null,
    };
    this.sockets.set(socket, entry);
    this.totals.accepted++;
    // Its close is learnt from its destroy step (every close goes through it: FIN, reset, destroy()), by one
    // function shared by every socket. A 'close' listener would do the same, but a server socket already has
    // two: a third makes Node grow the listener array to 19 slots, about 140 bytes per connection.
    (socket as TrackedDestroy)._destroy = this.onSocketDestroy;
    if (this.closingGraceMs !== null) {
      this.giveLastCall(entry, this.closingGraceMs);
    }
  };

  private readonly onSocketDestroy = ((tracker: ConnectionTracker) =>
    function (this: Socket, error: Error | null, callback: (error?: Error | null) => void): void {
      // The socket's own class does the destroy (net.Socket, or a subclass such as TLSSocket).
      (Object.getPrototypeOf(this) as TrackedDestroy)._destroy.call(this, error, callback);
      const entry = tracker.sockets.get(this);
      if (entry) {
        tracker.closed(entry);
      }
    })(this);

  private closed(entry: TrackedSocket): void {
    this.cancelLastCall(entry);
    this.sockets.delete(entry.socket);
    this.totals.closed[endingOf(entry, this.isRealtime(entry))]++;
    this.upgraded.delete(entry);
    this.servedWhileClosing.delete(entry);
    const carried = requestsOn(entry);
    entry.request = null;
    entry.queued = null;
    if (carried.length > 0) {
      this.onSocketClosed?.(carried);
    }
    this.onChange?.();
  }

  requestStarted(entry: TrackedSocket | undefined, request: TrackedRequest): void {
    if (!entry) {
      return;
    }
    if (!entry.request) {
      entry.request = request;
    } else if (entry.queued) {
      entry.queued.push(request);
    } else {
      entry.queued = [request];
    }
    entry.lastActiveAt = request.startedAt;
    if (this.closingGraceMs !== null) {
      this.cancelLastCall(entry);
    }
  }

  /** `closes`: the response announced `Connection: close`, so Node ends the socket after it. */
  requestEnded(entry: TrackedSocket | undefined, request: TrackedRequest, closes: boolean): void {
    if (!entry) {
      return;
    }
    if (entry.request === request) {
      entry.request = entry.queued?.shift() ?? null;
    } else if (entry.queued) {
      const at = entry.queued.indexOf(request);
      if (at !== -1) {
        entry.queued.splice(at, 1);
      }
    }
    if (entry.queued?.length === 0) {
      entry.queued = null;
    }
    entry.lastActiveAt = this.clock.now();
    if (this.closingGraceMs !== null) {
      this.servedWhileClosing.add(entry);
    }
    if (closes && entry.endedBy === null) {
      entry.endedBy = 'afterLastResponse';
    }
    if (entry.request) {
      return;
    }
    entry.bytesAtRest = entry.socket.bytesRead;
    if (this.closingGraceMs !== null && !closes) {
      this.giveLastCall(entry, this.closingGraceMs);
    }
  }

  /** The request message partly received on the socket, if any (a head or a body still arriving). */
  receiving(entry: TrackedSocket): PartialMessage | null {
    return partialMessage(entry.socket, entry.bytesAtRest);
  }

  isIdle(entry: TrackedSocket): boolean {
    return entry.request === null && !this.upgraded.has(entry) && !this.receiving(entry);
  }

  /**
   * Whether a plain HTTP socket (idle or busy, not realtime) is open: O(1) amortized, so a drain can ask at
   * every request and socket event. Realtime sockets met on the way go to the back of the set.
   */
  hasPlainSocket(): boolean {
    return firstMatch(this.sockets, (entry) => !this.isRealtime(entry));
  }

  /** Open sockets carried by an upgrade listener or realtime requests (see `isRealtime`). */
  realtimeSockets(): TrackedSocket[] {
    return [...this.sockets.values()].filter((entry) => this.isRealtime(entry));
  }

  /** Upgraded (WebSocket), or carrying an SSE stream or a long-poll: closed by close-realtime. */
  isRealtime(entry: TrackedSocket): boolean {
    return (
      this.upgraded.has(entry) ||
      (entry.request !== null && (isRealtime(entry.request) || (entry.queued?.some(isRealtime) ?? false)))
    );
  }

  /**
   * From now on sockets close as soon as they are idle. An idle socket used within `graceMs` gets a
   * last call: a request written at this very moment is still served (with `Connection: close`).
   * A socket that has received part of a request is busy: it is served once the request is in.
   */
  startClosing(graceMs: number): void {
    this.closingGraceMs = graceMs;
    const now = this.clock.now();
    for (const entry of this.sockets.values()) {
      if (!this.isIdle(entry)) {
        continue;
      }
      const idleFor = now - entry.lastActiveAt;
      if (idleFor >= graceMs) {
        this.endIfIdle(entry);
      } else {
        this.giveLastCall(entry, graceMs - idleFor);
      }
    }
  }

  /** Back to normal keep-alive behaviour (resume). */
  stopClosing(): void {
    this.closingGraceMs = null;
    for (const timer of this.lastCalls.values()) {
      timer.cancel();
    }
    this.lastCalls.clear();
    this.servedWhileClosing.clear();
  }

  counts(): { total: number; idle: number; busy: number; realtime: number; accepted: number } {
    let idle = 0;
    let busy = 0;
    let realtime = 0;
    for (const entry of this.sockets.values()) {
      if (this.isRealtime(entry)) {
        realtime++;
      } else if (this.isIdle(entry)) {
        idle++;
      } else {
        busy++;
      }
    }
    return { total: this.sockets.size, idle, busy, realtime, accepted: this.totals.accepted };
  }

  /** Sockets accepted and closed (by how) since the server was attached. */
  ledger(): SocketLedger {
    return { accepted: this.totals.accepted, closed: { ...this.totals.closed } };
  }

  /** Destroys a socket at the deadline; it is counted as `cutAtDeadline`. */
  cut(entry: TrackedSocket): void {
    entry.endedBy = 'cutAtDeadline';
    entry.socket.destroy();
  }

  /**
   * Ends the socket if it is still idle after the event loop's next poll phase: a request that already
   * reached the kernel buffer is read (and served) first, so a busy loop never makes us close a socket
   * the client has just written to. setImmediate runs after poll: https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick
   */
  private endIfIdle(entry: TrackedSocket): void {
    setImmediate(() => {
      if (!this.isIdle(entry) || entry.socket.destroyed || this.closingGraceMs === null) {
        return;
      }
      entry.endedBy ??= this.servedWhileClosing.has(entry) ? 'afterLastResponse' : 'idleFin';
      entry.socket.end();
    });
  }

  private giveLastCall(entry: TrackedSocket, afterMs: number): void {
    this.cancelLastCall(entry);
    this.lastCalls.set(
      entry,
      this.clock.setTimeout(() => {
        this.lastCalls.delete(entry);
        this.endIfIdle(entry);
      }, afterMs),
    );
  }

  private cancelLastCall(entry: TrackedSocket): void {
    const timer = this.lastCalls.get(entry);
    if (timer) {
      timer.cancel();
      this.lastCalls.delete(entry);
    }
  }
}

/**
 * Whether `map` holds a value matching `test`. Entries that do not match are moved to the back (insertion order),
 * so scans repeated while the map changes find a match at the front: O(1) amortized instead of O(n) per scan,
 * which would make a drain of n requests O(n²).
 */
export function firstMatch<K, V>(map: Map<K, V>, test: (value: V) => boolean): boolean {
  let left = map.size;
  for (const [key, value] of map) {
    if (left-- === 0) {
      return false;
    }
    if (test(value)) {
      return true;
    }
    map.delete(key);
    map.set(key, value);
  }
  return false;
}

function endingOf(entry: TrackedSocket, realtime: boolean): SocketEnding {
  if (realtime) {
    return 'realtime';
  }
  if (entry.endedBy) {
    return entry.endedBy;
  }
  return clientEnded(entry.socket) ? 'closedByClient' : 'other';
}
