import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { filter, map, type Observable, Subject } from 'rxjs';
import type { Namespace } from 'socket.io';

import type {
  ClientToServerEvents,
  InterServerEvents,
  LiveSocketData,
  ServerToClientEvents,
} from '@drainboard/contracts';

import { DATABASE_URL } from '../../shared/database/prisma.service.js';
import { attachPostgresAdapter, type DetachAdapter } from './postgres-adapter.js';

type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;
/** A fleet event name and its payload. */
export type FleetEventName = keyof InterServerEvents;
export type FleetPayload<E extends FleetEventName> = Parameters<InterServerEvents[E]>[0];

const FLEET_EVENTS: readonly FleetEventName[] = [
  'fleet:event',
  'fleet:status',
  'fleet:instance',
  'fleet:rolling',
  'fleet:rolling-cancel',
  'fleet:command',
  'fleet:reply',
];

/**
 * The fleet's message bus: socket.io server-side events of the live namespace, carried between instances by
 * `@socket.io/postgres-adapter` on the API's database (no database: this process only). `publish` delivers to this
 * process's subscribers too, so every consumer sees one stream with the fleet's events, its own included.
 * Delivery is at most once (NOTIFY is not stored): consumers that need an answer carry their own timeout.
 */
@Injectable()
export class FleetBus implements OnApplicationShutdown {
  private readonly logger = new Logger('FleetBus');
  private readonly incoming = new Subject<{ event: FleetEventName; payload: unknown }>();
  private namespace: LiveNamespace | null = null;
  private detach: DetachAdapter | null = null;
  private lastError = 0;

  constructor(@Optional() @Inject(DATABASE_URL) private readonly databaseUrl?: string) {}

  /** Whether messages reach other instances (the Postgres adapter is attached). */
  get clustered(): boolean {
    return this.detach !== null;
  }

  /** Called once by the live gateway with its namespace: attaches the adapter and listens to fleet events. */
  bind(namespace: LiveNamespace): void {
    this.namespace = namespace;
    if (this.databaseUrl) {
      this.detach = attachPostgresAdapter(namespace.server, this.databaseUrl, (error) => this.onError(error));
    }
    for (const event of FLEET_EVENTS) {
      const listener = (payload: unknown): void => this.incoming.next({ event, payload });
      (namespace as unknown as { on(event: string, listener: (payload: unknown) => void): void }).on(
        event,
        listener,
      );
    }
  }

  /** Sends a fleet event to every instance, this one included. */
  publish<E extends FleetEventName>(event: E, payload: FleetPayload<E>): void {
    this.incoming.next({ event, payload });
    if (!this.namespace || !this.clustered) {
      return;
    }
    (this.namespace as unknown as { serverSideEmit(event: string, payload: unknown): void }).serverSideEmit(
      event,
      payload,
    );
  }

  /** The events named `event` from every instance, this one included. */
  on<E extends FleetEventName>(event: E): Observable<FleetPayload<E>> {
    return this.incoming.pipe(
      filter((message) => message.event === event),
      map((message) => message.payload as FleetPayload<E>),
    );
  }

  /**
   * The socket.io server has closed by now (Nest closes it before this hook): close the adapter's connections
   * without holding the exit (nothing is sent on them any more).
   */
  onApplicationShutdown(): void {
    this.incoming.complete();
    const detach = this.detach;
    this.detach = null;
    void detach?.().catch((error: Error) => this.logger.debug(`closing the fleet link: ${error.message}`));
  }

  // Postgres down or restarting: the adapter reconnects on its own; say so at most every 10 s.
  private onError(error: Error): void {
    const now = Date.now();
    if (now - this.lastError < 10_000) {
      return;
    }
    this.lastError = now;
    this.logger.warn(`live feed link to the fleet: ${error.message} (reconnecting)`);
  }
}
