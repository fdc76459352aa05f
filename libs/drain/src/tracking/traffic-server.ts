import type { Server } from 'node:http';

import type { DrainClock } from '../drain-options.js';
import type { DrainEvents } from '../events/drain-events.js';
import { ConnectionTracker } from './connection-tracker.js';
import { RequestTracker } from './request-tracker.js';
import type { SocketReading } from './socket-account.js';

/** Result of `TrafficServer.closeListener()`. */
export interface ListenerClosed {
  address: { port: number; host: string } | null;
  /** Connections accepted from the kernel's queue between the decision to close and the close. */
  acceptedFromBacklog: number;
}

/**
 * Longest time spent accepting queued connections before the listener closes. Node accepts one queued connection
 * per event-loop turn, so a queue of N connections takes N turns: the bound only matters under a stream of new
 * connections that never stops (the LB delay is what stops it), where the rest is refused after it.
 */
const BACKLOG_MAX_MS = 1000;

const afterNextPoll = (): Promise<void> =>
  new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

/** The traffic HTTP server and what is known about its requests and sockets. */
export class TrafficServer {
  readonly connections: ConnectionTracker;
  readonly requests: RequestTracker;
  private server: Server | null = null;
  private address: { port: number; host: string } | null = null;

  constructor(
    private readonly clock: DrainClock,
    events: DrainEvents,
  ) {
    this.connections = new ConnectionTracker(clock);
    this.requests = new RequestTracker(clock, events, this.connections);
  }

  get attached(): boolean {
    return this.server !== null;
  }

  /** Whether the attached server accepts connections (false before `listen()` and while closed). */
  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  attach(server: Server): void {
    if (this.server === server) {
      return;
    }
    this.server = server;
    this.connections.attach(server);
    this.requests.attach(server);
  }

  /**
   * Accepts the connections the kernel has already completed, then stops accepting: new connections get
   * ECONNREFUSED. Returns the address it was listening on (null when not listening) and how many
   * connections were taken from the accept queue on the way.
   */
  async closeListener(): Promise<ListenerClosed | null> {
    const server = this.server;
    if (!server?.listening) {
      return null;
    }
    const info = server.address();
    if (info && typeof info === 'object') {
      this.address = { port: info.port, host: info.address };
    }
    const accepted = await this.acceptBacklog();
    if (!server.listening) {
      return { address: this.address, acceptedFromBacklog: accepted };
    }
    // Node >= 19 destroys idle keep-alive sockets inside close() (httpServerPreClose in
    // lib/_http_server.js); the drain closes them itself with end() and a last call, so skip that step.
    server.closeIdleConnections = () => undefined;
    try {
      server.close();
    } finally {
      Reflect.deleteProperty(server, 'closeIdleConnections');
    }
    return { address: this.address, acceptedFromBacklog: accepted };
  }

  /**
   * Lets poll phases pass until one accepts no new connection (for at most BACKLOG_MAX_MS): each poll phase in
   * which the listening socket is readable accepts a queued connection (one per turn, measured: libuv hands
   * Node one connection per readiness), so a phase that accepts nothing means the kernel's queue is empty, and
   * what it held (and would reset on close) is accepted and served. Two setImmediate hops span a full poll phase
   * that starts after this call: https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick
   */
  private async acceptBacklog(): Promise<number> {
    const start = this.connections.ledger().accepted;
    const until = this.clock.now() + BACKLOG_MAX_MS;
    let seen = start;
    for (;;) {
      await afterNextPoll();
      const now = this.connections.ledger().accepted;
      if (now === seen || this.clock.now() > until) {
        return now - start;
      }
      seen = now;
    }
  }

  /** Listens again on the address closed by `closeListener()` (resume). */
  async relisten(): Promise<void> {
    const server = this.server;
    const address = this.address;
    if (!server || !address || server.listening) {
      return;
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  }

  /** Responses carry `Connection: close`; idle sockets end (with a last call when just used). */
  startClosing(idleSocketGraceMs: number): void {
    this.requests.startClosing();
    this.connections.startClosing(idleSocketGraceMs);
  }

  stopClosing(): void {
    this.requests.stopClosing();
    this.connections.stopClosing();
  }

  /** Cumulative socket ledger and open sockets now (the drain-requests stage accounts from it). */
  socketReading(): SocketReading {
    return { ledger: this.connections.ledger(), open: this.connections.sockets.size };
  }

  set onChange(listener: (() => void) | null) {
    this.requests.onChange = listener;
    this.connections.onChange = listener;
  }
}
