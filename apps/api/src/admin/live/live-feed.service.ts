import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Observable, Subject, type Subscription } from 'rxjs';

import {
  type CounterSample,
  type DrainEvent,
  LIVE_BATCH_INTERVAL_MS,
  LIVE_IMMEDIATE_EVENTS,
  LIVE_PROTOCOL_VERSION,
  LIVE_SAMPLE_INTERVAL_MS,
  type LiveBatch,
  type LiveDrainEvent,
  type LiveImmediateEvent,
  type LiveSnapshot,
} from '@drainboard/contracts';
import { DrainService } from '@drainboard/drain';

import { CounterRing } from './counter-ring.js';
import { InFlightDiffer } from './in-flight-differ.js';
import { StatusClassMeter } from './status-class-meter.js';
import { ThroughputMeter } from './throughput-meter.js';

/** A drain event forwarded to live clients at once. */
export type LiveImmediate = LiveDrainEvent<LiveImmediateEvent>;

const isImmediate = (event: DrainEvent): event is LiveImmediate =>
  (LIVE_IMMEDIATE_EVENTS as readonly string[]).includes(event.type);

/**
 * The live feed's single aggregation: one tick every LIVE_BATCH_INTERVAL_MS (only while clients are attached)
 * diffs the in-flight list and reads the counters into one `LiveBatch` shared by every client; a sampler fills the
 * counters ring buffer once a second for charts. Rare, important drain events pass through at once.
 */
@Injectable()
export class LiveFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly ring = new CounterRing();
  private readonly meter = new ThroughputMeter();
  private readonly statuses = new StatusClassMeter();
  private readonly differ = new InFlightDiffer();
  private readonly batchSubject = new Subject<LiveBatch>();
  private readonly immediateSubject = new Subject<LiveImmediate>();
  private subscription: Subscription | null = null;
  private stopCounting: (() => void) | null = null;
  private sampleTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private attached = 0;
  private seq = 0;
  private pendingSample: CounterSample | null = null;

  /** One batch per tick, shared by every client. */
  readonly batches$: Observable<LiveBatch> = this.batchSubject.asObservable();
  /** State, run and stage events, as they happen. */
  readonly immediate$: Observable<LiveImmediate> = this.immediateSubject.asObservable();

  constructor(@Inject(DrainService) private readonly drain: DrainService) {}

  onModuleInit(): void {
    this.subscription = this.drain.runEvents$.subscribe((event) => {
      if (isImmediate(event)) {
        this.immediateSubject.next(event);
      }
    });
    this.stopCounting = this.drain.onRequestEnd((ended) => {
      this.meter.add();
      this.statuses.add(ended.statusCode);
    });
    this.sampleTimer = setInterval(() => this.takeSample(), LIVE_SAMPLE_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.stopCounting?.();
    if (this.sampleTimer) {
      clearInterval(this.sampleTimer);
    }
    this.stopTicking();
    this.batchSubject.complete();
    this.immediateSubject.complete();
  }

  /** Registers one more client; the tick runs while at least one is attached. Returns its detach function. */
  attach(): () => void {
    if (this.attached++ === 0) {
      this.differ.diff(this.drain.inFlight());
      this.tickTimer = setInterval(() => this.tick(), LIVE_BATCH_INTERVAL_MS).unref();
    }
    let detached = false;
    return () => {
      if (detached) {
        return;
      }
      detached = true;
      if (--this.attached === 0) {
        this.stopTicking();
      }
    };
  }

  /** The full picture, consistent with the batches that follow it. */
  snapshot(): LiveSnapshot {
    const counters = this.counters(Date.now());
    return {
      protocolVersion: LIVE_PROTOCOL_VERSION,
      instanceId: this.drain.instanceId,
      state: this.drain.state,
      inFlight: this.differ.listedRequests(),
      inFlightCount: counters.inFlight,
      openConnections: counters.openConnections,
      currentRun: this.drain.currentRun(),
      samples: this.ring.toArray(),
      at: counters.at,
    };
  }

  private tick(): void {
    const { added, finished } = this.differ.diff(this.drain.inFlight());
    const sample = this.pendingSample;
    this.pendingSample = null;
    this.seq += 1;
    this.batchSubject.next({
      instanceId: this.drain.instanceId,
      seq: this.seq,
      added,
      finished,
      counters: this.counters(Date.now()),
      sample,
    });
  }

  private takeSample(): void {
    const sample = this.counters(Date.now());
    this.ring.push(sample);
    if (this.attached > 0) {
      this.pendingSample = sample;
    }
  }

  private counters(now: number): CounterSample {
    const connections = this.drain.connections();
    return {
      at: new Date(now).toISOString(),
      inFlight: this.drain.inFlightCount(),
      throughput: Math.round(this.meter.rate(now) * 10) / 10,
      openConnections: connections.total,
      connections: { idle: connections.idle, busy: connections.busy, realtime: connections.realtime },
      responses: this.statuses.rates(now),
    };
  }

  private stopTicking(): void {
    if (this.tickTimer) {
      clearInterval(this.tickTimer);
    }
    this.tickTimer = null;
  }
}
