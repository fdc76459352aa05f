import type { Server } from 'node:http';
import type { Socket } from 'node:net';

import type { DrainClock, DrainTimer } from '../clock/drain-clock.js';
import { type PartialMessage, partialMessage } from './http-parser-probe.js';
import { emptyLedger, type SocketEnding, type SocketLedger } from './socket-ledger.js';
import { isRealtime, type TrackedRequest } from './tracked-request.js';

/** One socket accepted by the traffic server. */
export interface TrackedSocket {
  socket: Socket;
  /** Requests received on it and not ended yet, in arrival order (pipelined ones queue here). */
  requests: TrackedRequest[];
  lastActiveAt: number;
  /** `socket.bytesRead` when it last had nothing in progress. */
  bytesAtRest: number;
  /** Taken over by an `upgrade` listener (WebSocket). */
  upgraded: boolean;
  /** Was realtime when it closed (counted as `realtime`). */
  wasRealtime: boolean;
  lastCall: DrainTimer | null;
  /** Answered a request after closing began: its FIN then follows its last response. */
  servedWhileClosing: boolean;
  /** How the server ended it, once it did. */
  endedBy: Extract<SocketEnding, 'idleFin' | 'afterLastResponse' | 'cutAtDeadline'> | null;
  /** The client sent its FIN first, or reset the connection. */
  clientEnded: boolean;
}

const TRACKED = Symbol('drainboard.socket');
type SocketWithEntry = Socket & { [TRACKED]?: TrackedSocket };

/** Counts sockets of the traffic server and closes them gracefully once closing has begun. */
export class ConnectionTracker {
  readonly sockets = new Set<TrackedSocket>();
  /** Called whenever a socket closes (drain waits are event-driven). */
  onChange: (() => void) | null = null;
  /** Called with the requests a socket still carried when it closed: they end with it. */
  onSocketClosed: ((requests: TrackedRequest[]) => void) | null = null;
  private readonly totals = emptyLedger();
  private closingGraceMs: number | null = null;

  constructor(private readonly clock: DrainClock) {}

  attach(server: Server): void {
    server.prependListener('connection', this.onConnection);
    const markUpgraded = (_req: unknown, socket: Socket): void => {
      const entry = (socket as SocketWithEntry)[TRACKED];
      if (entry) {
        entry.upgraded = true;
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
    return (socket as SocketWithEntry)[TRACKED];
  }

  readonly onConnection = (socket: Socket): void => {
    const entry: TrackedSocket = {
      socket,
      requests: [],
      lastActiveAt: this.clock.now(),
      bytesAtRest: 0,
      upgraded: false,
      wasRealtime: false,
      lastCall: null,
      servedWhileClosing: false,
      endedBy: null,
      clientEnded: false,
    };
    (socket as SocketWithEntry)[TRACKED] = entry;
    this.sockets.add(entry);
    this.totals.accepted++;
    socket.once('end', () => (entry.clientEnded ||= entry.endedBy === null));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') {
        entry.clientEnded ||= entry.endedBy === null;
      }
    });
    socket.once('close', () => this.closed(entry));
    if (this.closingGraceMs !== null) {
      this.giveLastCall(entry, this.closingGraceMs);
    }
  };

  private closed(entry: TrackedSocket): void {
    entry.lastCall?.cancel();
    this.sockets.delete(entry);
    entry.wasRealtime = this.isRealtime(entry);
    this.totals.closed[endingOf(entry)]++;
    const carried = entry.requests.splice(0);
    if (carried.length > 0) {
      this.onSocketClosed?.(carried);
    }
    this.onChange?.();
  }

  requestStarted(entry: TrackedSocket | undefined, request: TrackedRequest): void {
    if (!entry) {
      return;
    }
    entry.requests.push(request);
    entry.lastActiveAt = this.clock.now();
    entry.lastCall?.cancel();
    entry.lastCall = null;
  }

  /** `closes`: the response announced `Connection: close`, so Node ends the socket after it. */
  requestEnded(entry: TrackedSocket | undefined, request: TrackedRequest, closes: boolean): void {
    if (!entry) {
      return;
    }
    const at = entry.requests.indexOf(request);
    if (at !== -1) {
      entry.requests.splice(at, 1);
    }
    entry.lastActiveAt = this.clock.now();
    if (this.closingGraceMs !== null) {
      entry.servedWhileClosing = true;
    }
    if (closes && entry.endedBy === null) {
      entry.endedBy = 'afterLastResponse';
    }
    if (entry.requests.length > 0) {
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
    return !entry.upgraded && entry.requests.length === 0 && !this.receiving(entry);
  }

  /**
   * Whether a plain HTTP socket (idle or busy, not realtime) is open: O(1) amortized, so a drain can ask at
   * every request and socket event. Realtime sockets met on the way go to the back of the set.
   */
  hasPlainSocket(): boolean {
    return firstMatch(this.sockets, (entry) => !this.isRealtime(entry));
  }

  /** Upgraded (WebSocket), or carrying an SSE stream or a long-poll: closed by close-realtime. */
  isRealtime(entry: TrackedSocket): boolean {
    return entry.upgraded || entry.requests.some(isRealtime);
  }

  /**
   * From now on sockets close as soon as they are idle. An idle socket used within `graceMs` gets a
   * last call: a request written at this very moment is still served (with `Connection: close`).
   * A socket that has received part of a request is busy: it is served once the request is in.
   */
  startClosing(graceMs: number): void {
    this.closingGraceMs = graceMs;
    const now = this.clock.now();
    for (const entry of this.sockets) {
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
    for (const entry of this.sockets) {
      entry.lastCall?.cancel();
      entry.lastCall = null;
    }
  }

  counts(): { total: number; idle: number; busy: number; realtime: number; accepted: number } {
    let idle = 0;
    let busy = 0;
    let realtime = 0;
    for (const entry of this.sockets) {
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
      entry.endedBy ??= entry.servedWhileClosing ? 'afterLastResponse' : 'idleFin';
      entry.socket.end();
    });
  }

  private giveLastCall(entry: TrackedSocket, afterMs: number): void {
    entry.lastCall?.cancel();
    entry.lastCall = this.clock.setTimeout(() => {
      entry.lastCall = null;
      this.endIfIdle(entry);
    }, afterMs);
  }
}

/**
 * Whether `set` holds an element matching `test`. Elements that do not match are moved to the back of the set
 * (insertion order), so scans repeated while the set changes find a match at the front: O(1) amortized instead
 * of O(n) per scan, which would make a drain of n requests O(n²).
 */
export function firstMatch<T>(set: Set<T>, test: (item: T) => boolean): boolean {
  let left = set.size;
  for (const item of set) {
    if (left-- === 0) {
      return false;
    }
    if (test(item)) {
      return true;
    }
    set.delete(item);
    set.add(item);
  }
  return false;
}

function endingOf(entry: TrackedSocket): SocketEnding {
  if (entry.wasRealtime) {
    return 'realtime';
  }
  if (entry.endedBy) {
    return entry.endedBy;
  }
  return entry.clientEnded ? 'closedByClient' : 'other';
}
