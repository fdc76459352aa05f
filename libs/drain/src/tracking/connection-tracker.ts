import type { Server } from 'node:http';
import type { Socket } from 'node:net';

import type { DrainClock, DrainTimer } from '../clock/drain-clock.js';

/** One socket accepted by the traffic server. */
export interface TrackedSocket {
  socket: Socket;
  /** Requests being served on it (0 = idle keep-alive). */
  active: number;
  lastActiveAt: number;
  /** Taken over by an `upgrade` listener (WebSocket). */
  upgraded: boolean;
  /** Carries a server-sent-events response: realtime, not in flight. */
  realtime: boolean;
  lastCall: DrainTimer | null;
}

const TRACKED = Symbol('drainboard.socket');
type SocketWithEntry = Socket & { [TRACKED]?: TrackedSocket };

/**
 * Ends the socket if it is still idle after the event loop's next poll phase: a request that already
 * reached the kernel buffer is read (and served) first, so a busy loop never makes us close a socket
 * the client has just written to. setImmediate runs after poll: https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick
 */
function endIfIdle(entry: TrackedSocket): void {
  setImmediate(() => {
    if (entry.active === 0 && !entry.upgraded && !entry.realtime && !entry.socket.destroyed)
      entry.socket.end();
  });
}

/** Counts sockets of the traffic server and closes them gracefully once closing has begun. */
export class ConnectionTracker {
  readonly sockets = new Set<TrackedSocket>();
  /** Called whenever a socket closes (drain waits are event-driven). */
  onChange: (() => void) | null = null;
  private closingGraceMs: number | null = null;

  constructor(private readonly clock: DrainClock) {}

  attach(server: Server): void {
    server.prependListener('connection', this.onConnection);
    const markUpgraded = (_req: unknown, socket: Socket): void => {
      const entry = (socket as SocketWithEntry)[TRACKED];
      if (entry) entry.upgraded = true;
    };
    // Adding an 'upgrade' listener changes how Node treats Upgrade requests, so only join existing ones.
    if (server.listenerCount('upgrade') > 0) server.prependListener('upgrade', markUpgraded);
    else {
      const onNew = (name: string | symbol): void => {
        if (name !== 'upgrade') return;
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
      active: 0,
      lastActiveAt: this.clock.now(),
      upgraded: false,
      realtime: false,
      lastCall: null,
    };
    (socket as SocketWithEntry)[TRACKED] = entry;
    this.sockets.add(entry);
    socket.once('close', () => {
      entry.lastCall?.cancel();
      this.sockets.delete(entry);
      this.onChange?.();
    });
    if (this.closingGraceMs !== null) this.giveLastCall(entry, this.closingGraceMs);
  };

  requestStarted(entry: TrackedSocket | undefined): void {
    if (!entry) return;
    entry.active++;
    entry.lastActiveAt = this.clock.now();
  }

  requestEnded(entry: TrackedSocket | undefined): void {
    if (!entry) return;
    entry.active = Math.max(0, entry.active - 1);
    entry.lastActiveAt = this.clock.now();
    if (this.closingGraceMs !== null && entry.active === 0) this.giveLastCall(entry, this.closingGraceMs);
  }

  /**
   * From now on sockets close as soon as they are idle. An idle socket used within `graceMs` gets a
   * last call: a request written at this very moment is still served (with `Connection: close`).
   */
  startClosing(graceMs: number): void {
    this.closingGraceMs = graceMs;
    const now = this.clock.now();
    for (const entry of this.sockets) {
      if (entry.upgraded || entry.realtime || entry.active > 0) continue;
      const idleFor = now - entry.lastActiveAt;
      if (idleFor >= graceMs) endIfIdle(entry);
      else this.giveLastCall(entry, graceMs - idleFor);
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

  counts(): { total: number; idle: number; busy: number; realtime: number } {
    let idle = 0;
    let busy = 0;
    let realtime = 0;
    for (const entry of this.sockets) {
      if (entry.upgraded || entry.realtime) realtime++;
      else if (entry.active > 0) busy++;
      else idle++;
    }
    return { total: this.sockets.size, idle, busy, realtime };
  }

  private giveLastCall(entry: TrackedSocket, afterMs: number): void {
    entry.lastCall?.cancel();
    entry.lastCall = this.clock.setTimeout(() => {
      entry.lastCall = null;
      endIfIdle(entry);
    }, afterMs);
  }
}
