import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Subscription } from 'rxjs';

import { DrainService } from '@drainboard/drain';

import { registerEventMetrics } from './event-metrics.js';
import { type RouteCatalog, TRAFFIC_ROUTES } from './route-label.js';
import { registerStateGauges } from './state-gauges.js';

const LINT_FAILING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * Owns this app's Prometheus registry (never prom-client's global one): default process metrics,
 * scrape-time gauges read from the drain engine, and counters/histograms fed by `drain.runEvents$` and `drain.onRequestEnd`.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy {
  readonly registry = new Registry();
  private subscription: Subscription | null = null;
  private stopCounting: (() => void) | null = null;

  constructor(
    private readonly drain: DrainService,
    @Inject(TRAFFIC_ROUTES) private readonly routes: RouteCatalog,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry });
    // Gauges named `*_total` break Prometheus naming rules (promtool rejects them); the per-type
    // `nodejs_active_handles` / `_requests` / `_resources` gauges carry the same numbers.
    for (const name of LINT_FAILING_DEFAULTS) {
      this.registry.removeSingleMetric(name);
    }
    registerStateGauges(this.registry, this.drain, this.routes);
    const { record, requestEnded } = registerEventMetrics(this.registry, this.routes);
    this.subscription = this.drain.runEvents$.subscribe(record);
    this.stopCounting = this.drain.onRequestEnd(requestEnded);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.stopCounting?.();
    this.stopCounting = null;
  }

  /** The Prometheus text exposition of every metric. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
