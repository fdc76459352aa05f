import type { Server } from 'node:http';

import type { DrainClock } from '../drain-options.js';
import type { DrainEvents } from '../events/drain-events.js';
import { ConnectionTracker } from './connection-tracker.js';
import { RequestTracker } from './request-tracker.js';

/** The traffic HTTP server and what is known about its requests and sockets. */
export class TrafficServer {
  readonly connections: ConnectionTracker;
  readonly requests: RequestTracker;
  private server: Server | null = null;
  private address: { port: number; host: string } | null = null;

  constructor(clock: DrainClock, events: DrainEvents) {
    this.connections = new ConnectionTracker(clock);
    this.requests = new RequestTracker(clock, events, this.connections);
  }

  get attached(): boolean {
    return this.server !== null;
  }

  attach(server: Server): void {
    if (this.server === server) return;
    this.server = server;
    this.connections.attach(server);
    this.requests.attach(server);
  }

  /** Stops accepting connections; returns the address it was listening on, or null. */
  closeListener(): { port: number; host: string } | null {
    const server = this.server;
    if (!server?.listening) return null;
    const info = server.address();
    if (info && typeof info === 'object') this.address = { port: info.port, host: info.address };
    // Node >= 19 destroys idle keep-alive sockets inside close() (httpServerPreClose in
    // lib/_http_server.js); the drain closes them itself with end() and a last call, so skip that step.
    server.closeIdleConnections = () => undefined;
    try {
      server.close();
    } finally {
      Reflect.deleteProperty(server, 'closeIdleConnections');
    }
    return this.address;
  }

  /** Listens again on the address closed by `closeListener()` (resume). */
  async relisten(): Promise<void> {
    const server = this.server;
    const address = this.address;
    if (!server || !address || server.listening) return;
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

  set onChange(listener: (() => void) | null) {
    this.requests.onChange = listener;
    this.connections.onChange = listener;
  }
}
