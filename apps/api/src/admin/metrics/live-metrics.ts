import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';

import { LiveGateway } from '../live/live.gateway.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus metrics of the live feed, read from the gateway at scrape time: connected clients, clients behind,
 * the largest per-client write buffer (the backpressure bound in action) and resyncs after falling behind.
 */
@Injectable()
export class LiveMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly gateway: LiveGateway,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const gateway = this.gateway;
    new Gauge({
      name: 'drainboard_live_clients',
      help: 'Live feed (socket.io /live) clients connected to the admin port.',
      registers,
      collect() {
        this.set(gateway.stats().clients);
      },
    });
    new Gauge({
      name: 'drainboard_live_clients_behind',
      help: 'Live feed clients currently behind (their updates are dropped until they catch up).',
      registers,
      collect() {
        this.set(gateway.stats().behind);
      },
    });
    new Gauge({
      name: 'drainboard_live_client_buffered_packets_max',
      help: 'Largest number of packets waiting in one live client write buffer.',
      registers,
      collect() {
        this.set(gateway.stats().maxBuffered);
      },
    });
    const resyncs = new Counter({
      name: 'drainboard_live_resyncs_total',
      help: 'Snapshots sent to live clients that had fallen behind and caught up.',
      registers,
    });
    gateway.onResync(() => resyncs.inc());
  }
}
