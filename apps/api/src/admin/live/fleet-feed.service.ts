import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import {
  type DrainEvent,
  type FleetStatus,
  LIVE_IMMEDIATE_EVENTS,
  LIVE_SAMPLE_INTERVAL_MS,
  type LiveDrainEvent,
  type LiveImmediateEvent,
} from '@drainboard/contracts';
import { DrainService } from '@drainboard/drain';

import { FleetBus } from './fleet-bus.js';

/** A status is re-sent at least this often even when nothing changed, so a new console fills in quickly. */
const STATUS_REFRESH_MS = 5000;
/** Statuses older than this are dropped from the cache (the instance stopped reporting). */
const STATUS_MAX_AGE_MS = 30_000;

const isImmediate = (event: DrainEvent): event is LiveDrainEvent<LiveImmediateEvent> =>
  (LIVE_IMMEDIATE_EVENTS as readonly string[]).includes(event.type);

/**
 * This instance's part of the fleet feed: publishes its state, run and stage events at once (named with the
 * instance and numbered, so order and gaps are visible) and its state and load once a second when they change
 * (every 5 s otherwise); keeps the latest status of every instance for new clients.
 */
@Injectable()
export class FleetFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly statuses = new Map<string, FleetStatus>();
  private readonly subscriptions: Subscription[] = [];
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private lastSent: { key: string; at: number } = { key: '', at: 0 };

  constructor(
    private readonly drain: DrainService,
    private readonly bus: FleetBus,
  ) {}

  onModuleInit(): void {
    const instanceId = this.drain.instanceId;
    this.subscriptions.push(
      this.drain.runEvents$.subscribe((event) => {
        if (!isImmediate(event)) {
          return;
        }
        this.bus.publish('fleet:event', { ...event, instanceId, seq: ++this.seq });
        if (event.type === 'state') {
          this.publishStatus(true);
        }
      }),
      this.bus.on('fleet:status').subscribe((status) => this.statuses.set(status.instanceId, status)),
      this.bus.on('fleet:instance').subscribe((change) => {
        if (change.state === 'lost' || change.state === 'stopped') {
          this.statuses.delete(change.instanceId);
        }
      }),
    );
    this.timer = setInterval(() => this.publishStatus(false), LIVE_SAMPLE_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) {
      subscription.unsubscribe();
    }
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  /** The latest status of every instance that reported recently, this one first. */
  latest(): FleetStatus[] {
    const now = Date.now();
    for (const [id, status] of this.statuses) {
      if (now - Date.parse(status.at) > STATUS_MAX_AGE_MS) {
        this.statuses.delete(id);
      }
    }
    const self = this.status(new Date(now));
    return [self, ...[...this.statuses.values()].filter((s) => s.instanceId !== self.instanceId)];
  }

  private status(at: Date): FleetStatus {
    return {
      instanceId: this.drain.instanceId,
      state: this.drain.state,
      inFlight: this.drain.inFlightCount(),
      openConnections: this.drain.connections().total,
      at: at.toISOString(),
    };
  }

  private publishStatus(force: boolean): void {
    const now = Date.now();
    const status = this.status(new Date(now));
    const key = `${status.state}/${status.inFlight}/${status.openConnections}`;
    if (!force && key === this.lastSent.key && now - this.lastSent.at < STATUS_REFRESH_MS) {
      return;
    }
    this.lastSent = { key, at: now };
    this.bus.publish('fleet:status', status);
  }
}
