import { Counter, Histogram, Registry } from 'prom-client';

import { registerRequestAggregate, RequestAggregate } from './request-aggregate.js';
import type { RouteCatalog } from './route-label.js';

const BOUNDS = [0.005, 0.01, 0.1, 1];
const routes: RouteCatalog = { matches: (method, route) => method === 'GET' && route.startsWith('/demo/') };
const NAMES = {
  counter: 'http_server_requests_total',
  counterHelp: 'Requests.',
  histogram: 'http_server_request_duration_seconds',
  histogramHelp: 'Durations.',
};

/** The same requests fed to real prom-client metrics, labelled as the product labels them. */
function reference(requests: [string, string, number, number][]): Registry {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status_code'] as const;
  const counter = new Counter({
    name: NAMES.counter,
    help: NAMES.counterHelp,
    labelNames,
    registers: [registry],
  });
  const histogram = new Histogram({
    name: NAMES.histogram,
    help: NAMES.histogramHelp,
    labelNames,
    buckets: BOUNDS,
    registers: [registry],
  });
  for (const [method, route, status, ms] of requests) {
    const labels = {
      method: ['GET', 'POST'].includes(method) ? method : '_OTHER',
      route: routes.matches(method, route) ? route : 'unmatched',
      status_code: status,
    };
    counter.inc(labels);
    histogram.observe(labels, ms / 1000);
  }
  return registry;
}

describe('RequestAggregate', () => {
  it('renders exactly what a prom-client counter and histogram render for the same requests', async () => {
    const requests: [string, string, number, number][] = [
      ['GET', '/demo/fast', 200, 1],
      ['GET', '/demo/fast', 200, 5],
      ['GET', '/demo/fast', 200, 7],
      ['GET', '/demo/slow', 200, 900],
      ['GET', '/demo/slow', 503, 2500],
      ['GET', '/no/such/path', 404, 0.3],
      ['GET', '/another/path', 404, 0.2],
      ['BREW', '/demo/fast', 400, 0.1],
      ['POST', '/demo/fast', 404, 20],
    ];
    const registry = new Registry();
    const aggregate = new RequestAggregate(routes, BOUNDS);
    registerRequestAggregate(registry, aggregate, NAMES);
    for (const [method, route, status, ms] of requests) {
      aggregate.record(method, route, status, ms);
    }
    expect(await registry.metrics()).toBe(await reference(requests).metrics());
  });

  it('shows no series before the first request, and forgets them on reset', async () => {
    const registry = new Registry();
    const aggregate = new RequestAggregate(routes, BOUNDS);
    registerRequestAggregate(registry, aggregate, NAMES);
    expect(await registry.metrics()).toBe(await reference([]).metrics());
    aggregate.record('GET', '/demo/fast', 200, 1);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('status_code=');
    // Counting goes on after a reset, from zero.
    aggregate.record('GET', '/demo/fast', 200, 1);
    aggregate.record('GET', '/demo/fast', 200, 1);
    expect(await registry.metrics()).toBe(
      await reference([
        ['GET', '/demo/fast', 200, 1],
        ['GET', '/demo/fast', 200, 1],
      ]).metrics(),
    );
  });

  it('counts every unmatched path in one series, however many paths', () => {
    const aggregate = new RequestAggregate(routes, BOUNDS);
    for (let i = 0; i < 5000; i += 1) {
      aggregate.record('GET', `/random/${i}`, 404, 1);
    }
    expect(aggregate.counterValues()).toEqual([
      { value: 5000, labels: { method: 'GET', route: 'unmatched', status_code: 404 } },
    ]);
  });
});
