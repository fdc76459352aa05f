import { Gauge, type Registry } from 'prom-client';

import {
  type InFlightRequest,
  INSTANCE_STATE_VALUE,
  INSTANCE_STATES,
  type InstanceState,
} from '@drainboard/contracts';

import { type RouteCatalog, routeLabel } from './route-label.js';

/** What the scrape-time gauges read: the part of `DrainService` they need (all cheap, in-memory). */
export interface GaugeSource {
  readonly state: InstanceState;
  inFlight(): InFlightRequest[];
  inFlightCount(): number;
  connections(): { total: number };
}

/** Registers the gauges that are read from the engine when Prometheus scrapes (no per-event work). */
export function registerStateGauges(registry: Registry, source: GaugeSource, routes: RouteCatalog): void {
  const registers = [registry];
  new Gauge({
    name: 'http_server_active_requests',
    help: 'Requests being served on the traffic port.',
    registers,
    collect() {
      this.set(source.inFlightCount());
    },
  });
  new Gauge({
    name: 'drainboard_inflight_requests',
    help: 'Requests being served on the traffic port, by route pattern.',
    labelNames: ['route'] as const,
    registers,
    collect() {
      this.reset();
      for (const request of source.inFlight()) {
        this.inc({ route: routeLabel(routes, request.method, request.route) });
      }
    },
  });
  new Gauge({
    name: 'drainboard_open_connections',
    help: 'Open TCP connections on the traffic port (idle, busy and upgraded).',
    registers,
    collect() {
      this.set(source.connections().total);
    },
  });
  new Gauge({
    name: 'drainboard_drain_state',
    help: 'Lifecycle state of the instance: 0 serving, 1 draining, 2 drained, 3 stopping.',
    registers,
    collect() {
      this.set(INSTANCE_STATE_VALUE[source.state]);
    },
  });
  new Gauge({
    name: 'drainboard_drain_state_info',
    help: 'Lifecycle state of the instance as a label: 1 for the current state, 0 for the others.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      for (const state of INSTANCE_STATES) {
        this.set({ state }, state === source.state ? 1 : 0);
      }
    },
  });
}
