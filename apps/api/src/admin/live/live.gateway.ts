import { type BeforeApplicationShutdown, Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Subscription } from 'rxjs';
import type { BroadcastOperator, Namespace, Socket } from 'socket.io';

import {
  type ClientToServerEvents,
  type FleetStatus,
  type InterServerEvents,
  LIVE_NAMESPACE,
  type LiveBatch,
  type LiveDrainEvent,
  type LiveImmediateEvent,
  type LiveSocketData,
  type Named,
  type ServerToClientEvents,
} from '@drainboard/contracts';

import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { LiveAccessPolicy } from '../auth/live-access.policy.js';
import { ClientFlow, type ClientLag } from './client-flow.js';
import { FleetBus } from './fleet-bus.js';
import { FleetFeedService } from './fleet-feed.service.js';
import { LiveFeedService, type LiveImmediate } from './live-feed.service.js';

type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;
type LiveTarget = BroadcastOperator<ServerToClientEvents, LiveSocketData>;

/** Room of the clients that keep up; batches and events are broadcast to it (encoded once for all). */
const IN_SYNC = 'in-sync';
/** Slots of the per-client bound kept free for engine.io's own ping packet, which it queues whatever we do. */
const HEARTBEAT_RESERVE = 1;
/** Longest wait for the final events and `bye` to reach clients before closing them. */
const BYE_FLUSH_MS = 1000;

/**
 * engine.io queues packets in `writeBuffer` while the transport is not writable (the previous write has not been
 * flushed to the kernel yet): https://github.com/socketio/engine.io/blob/6.6.x/lib/socket.ts (`flush`). The field
 * is private in the typings, hence the narrow cast.
 */
const lagOf = (socket: LiveSocket): ClientLag => ({
  buffered: (socket.conn as unknown as { writeBuffer: readonly unknown[] }).writeBuffer.length,
  writable: socket.conn.transport.writable,
});

function emitImmediate(target: LiveTarget, unnamed: LiveImmediate, instanceId: string): void {
  // The event goes out under its own type; socket.io's typings cannot tie a union name to its payload.
  const emit = target.emit.bind(target) as <T extends LiveImmediateEvent>(
    name: T,
    event: Named<LiveDrainEvent<T>>,
  ) => boolean;
  emit(unnamed.type, { ...unnamed, instanceId });
}

/**
 * The live feed's socket.io gateway (`/live` on the admin port): authenticates handshakes, sends each client a
 * snapshot, fans out the shared batches and drain events, and applies backpressure per client. The only code that
 * touches the socket.io server.
 *
 * Memory bound per client: at every tick, a client whose engine.io write buffer could not take the tick's packets
 * (and engine.io's heartbeat) without holding more than LIVE_MAX_BUFFERED_PACKETS (8) leaves the broadcast room
 * before they are sent. Between ticks only drain and fleet events go out (rare; never held back, so a client that
 * keeps up sees every stage), so a stalled client holds at most 8 packets plus the drain events of one tick, on top
 * of the one write the transport has in flight. It gets one snapshot once drained.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, serveClient: false })
export class LiveGateway
  implements
    OnGatewayInit,
    OnGatewayConnection,
    OnGatewayDisconnect,
    BeforeApplicationShutdown,
    OnModuleDestroy
{
  @WebSocketServer() private readonly namespace!: LiveNamespace;
  private readonly logger = new Logger('LiveGateway');
  private readonly clients = new Map<string, { flow: ClientFlow; detach: () => void }>();
  private readonly subscriptions: Subscription[] = [];
  private closing = false;
  private resyncListener: () => void = () => undefined;
  private readonly pendingStatuses = new Map<string, FleetStatus>();

  constructor(
    private readonly feed: LiveFeedService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bus: FleetBus,
    private readonly fleetFeed: FleetFeedService,
    private readonly access: LiveAccessPolicy,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    this.access.install(namespace.server);
    this.bus.bind(namespace);
    namespace.use((socket, next) => {
      // While closing, drop the connection without an answer: the client keeps retrying and reaches the next process.
      if (this.closing) {
        return void socket.conn.close();
      }
      const refusal = this.access.admit(socket.handshake);
      if (refusal === null) {
        return next();
      }
      next(refusal);
      // The CONNECT_ERROR packet goes out on the next tick; engine.io flushes it before closing.
      setImmediate(() => socket.conn.close());
    });
    this.subscriptions.push(
      this.feed.batches$.subscribe((batch) => this.onBatch(batch)),
      this.feed.immediate$.subscribe((event) => this.onImmediate(event)),
      ...this.subscribeFleet(),
    );
  }

  handleConnection(socket: LiveSocket): void {
    if (this.closing) {
      return void socket.disconnect(true);
    }
    socket.data.connectedAt = Date.now();
    const flow = new ClientFlow();
    this.clients.set(socket.id, { flow, detach: this.feed.attach() });
    socket.emit('snapshot', this.feed.snapshot());
    socket.emit('fleet-status', { instances: this.fleetFeed.latest() });
    void socket.join(IN_SYNC);
    socket.on('resync', () => {
      if (!flow.allowResync(Date.now())) {
        return;
      }
      if (flow.admit(lagOf(socket), 1 + HEARTBEAT_RESERVE)) {
        socket.emit('snapshot', this.feed.snapshot());
      } else {
        void socket.leave(IN_SYNC);
      }
    });
  }

  handleDisconnect(socket: LiveSocket): void {
    this.clients.get(socket.id)?.detach();
    this.clients.delete(socket.id);
  }

  /**
   * Sends `bye` after the final events, waits (bounded) for them to reach the clients, then closes every client's
   * connection. Nest runs this before it closes the socket.io server.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.closing) {
      return;
    }
    this.closing = true;
    const reason = signal ? `process exit (${signal})` : 'process exit';
    this.namespace.local.emit('bye', { reason, at: new Date().toISOString() });
    const deadline = Date.now() + BYE_FLUSH_MS;
    while (Date.now() < deadline && this.sockets().some((socket) => lagOf(socket).buffered > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Closing the transport (not a socket.io DISCONNECT) lets clients reconnect on their own to the next process.
    for (const socket of this.sockets()) {
      socket.conn.close();
    }
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) {
      subscription.unsubscribe();
    }
  }

  private onBatch(batch: LiveBatch): void {
    if (this.closing) {
      return;
    }
    // One pass: clients that have drained get a snapshot after this tick; clients whose write buffer cannot take
    // the tick's packets (and engine.io's heartbeat) without passing LIVE_MAX_BUFFERED_PACKETS leave the room first.
    const packets = (this.pendingStatuses.size > 0 ? 2 : 1) + HEARTBEAT_RESERVE;
    const caughtUp: LiveSocket[] = [];
    for (const socket of this.sockets()) {
      const flow = this.clients.get(socket.id)?.flow;
      const lag = lagOf(socket);
      if (!flow) {
        continue;
      }
      if (flow.caughtUp(lag)) {
        caughtUp.push(socket);
      } else if (!flow.isBehind && !flow.admit(lag, packets)) {
        void socket.leave(IN_SYNC);
        this.logger.debug(
          `live client ${socket.id} is behind (${lag.buffered} packets); dropping until it drains`,
        );
      }
    }
    this.inSync().emit('batch', batch);
    if (this.pendingStatuses.size > 0) {
      this.inSync().emit('fleet-status', { instances: [...this.pendingStatuses.values()] });
      this.pendingStatuses.clear();
    }
    if (caughtUp.length > 0) {
      this.resync(caughtUp);
    }
  }

  /**
   * Back in sync: one snapshot (taken after this tick's batch, so it already contains its changes) and the fleet's
   * statuses, built and encoded once for all the clients that caught up in this tick (each socket is in the room
   * named by its id), then they rejoin the broadcast room.
   */
  private resync(sockets: LiveSocket[]): void {
    const target = this.namespace.local.to(sockets.map((socket) => socket.id));
    target.emit('snapshot', this.feed.snapshot());
    target.emit('fleet-status', { instances: this.fleetFeed.latest() });
    for (const socket of sockets) {
      this.resyncListener();
      void socket.join(IN_SYNC);
    }
  }

  /** Connected clients, how many are behind, and the largest write buffer (packets) among them. */
  stats(): { clients: number; behind: number; maxBuffered: number } {
    let behind = 0;
    let maxBuffered = 0;
    const sockets = this.sockets();
    for (const socket of sockets) {
      if (this.clients.get(socket.id)?.flow.isBehind) {
        behind += 1;
      }
      maxBuffered = Math.max(maxBuffered, lagOf(socket).buffered);
    }
    return { clients: sockets.length, behind, maxBuffered };
  }

  /** Called each time a client that had fallen behind is resynced. */
  onResync(listener: () => void): void {
    this.resyncListener = listener;
  }

  private onImmediate(event: LiveImmediate): void {
    if (!this.closing) {
      emitImmediate(this.inSync(), event, this.config.instanceId);
    }
  }

  /**
   * The fleet's events, from every instance (this one included) through `FleetBus`: drain events, registry changes
   * and rolling-drain progress go out at once (they are rare); statuses are coalesced per instance and sent with
   * the next batch, so a client gets at most one `fleet-status` per tick however many instances report. Clients
   * that are behind are out of the room and get none of it until they catch up (then a snapshot and statuses).
   */
  private subscribeFleet(): Subscription[] {
    return [
      this.bus
        .on('fleet:event')
        .subscribe((event) => !this.closing && this.inSync().emit('fleet-event', event)),
      this.bus
        .on('fleet:instance')
        .subscribe((change) => !this.closing && this.inSync().emit('fleet-instance', change)),
      this.bus
        .on('fleet:rolling')
        .subscribe((progress) => !this.closing && this.inSync().emit('rolling-drain', progress)),
      this.bus.on('fleet:status').subscribe((status) => this.pendingStatuses.set(status.instanceId, status)),
    ];
  }

  /** This process's clients that keep up. `local`: with the Postgres adapter a plain broadcast would reach every instance's clients. */
  private inSync(): LiveTarget {
    return this.namespace.local.to(IN_SYNC);
  }

  private sockets(): LiveSocket[] {
    return [...this.namespace.sockets.values()];
  }
}
