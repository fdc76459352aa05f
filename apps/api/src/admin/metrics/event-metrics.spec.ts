import { Registry } from 'prom-client';

import type { DrainEvent, DrainRun } from '@drainboard/contracts';

import { registerEventMetrics } from './event-metrics.js';
import type { RouteCatalog } from './route-label.js';

const at = new Date(0).toISOString();
const end = (route: string, statusCode = 200, durationMs = 20, method = 'GET'): DrainEvent => ({
  type: 'request-end',
  id: route,
  method,
  route,
  statusCode,
  durationMs,
  at,
});

/** The routes of a small app: `GET /demo/fast`, `GET /demo/slow`, `POST /users/:id`. */
const routes: RouteCatalog = {
  matches: (method, route) =>
    (method === 'GET' && ['/demo/fast', '/demo/slow'].includes(route)) ||
    (method === 'POST' && route === '/users/:id'),
};

function setup(): { registry: Registry; record: (e: DrainEvent) => void } {
  const registry = new Registry();
  return { registry, record: registerEventMetrics(registry, routes).record };
}

describe('event-fed metrics', () => {
  it('counts finished requests and their durations by method, route and status', async () => {
    const { registry, record } = setup();
    record(end('/demo/fast'));
    record(end('/demo/fast', 500, 2000));
    const text = await registry.metrics();
    expect(text).toContain('http_server_requests_total{method="GET",route="/demo/fast",status_code="200"} 1');
    expect(text).toContain('http_server_requests_total{method="GET",route="/demo/fast",status_code="500"} 1');
    expect(text).toContain(
      'http_server_request_duration_seconds_sum{method="GET",route="/demo/fast",status_code="500"} 2',
    );
  });

  it('records stage durations in seconds, aborted requests and finished runs', async () => {
    const { registry, record } = setup();
    const stage = {
      name: 'drain-requests',
      order: 3,
      startedAt: at,
      endedAt: at,
      durationMs: 1500,
      outcome: 'ok',
      details: {},
    };
    record({ type: 'stage-end', runId: 'r', stage, at } as DrainEvent);
    record({
      type: 'request-aborted',
      runId: 'r',
      request: { method: 'GET', route: '/demo/slow', ageMs: 5, bytesSent: 0 },
      at,
    });
    record({ type: 'run-end', run: { kind: 'stop', outcome: 'aborted' } as DrainRun, at });
    const text = await registry.metrics();
    expect(text).toContain('drainboard_drain_stage_duration_seconds_sum{stage="drain-requests"} 1.5');
    expect(text).toContain('drainboard_drain_stage_duration_seconds_count{stage="trigger"} 0');
    expect(text).toContain('drainboard_aborted_requests_total{route="/demo/slow"} 1');
    expect(text).toContain('drainboard_drain_runs_total{kind="stop",outcome="aborted"} 1');
  });

  it('labels every path that matched no route as "unmatched"', async () => {
    const { registry, record } = setup();
    for (const route of ['/a', '/b', '/random-1', '/users/42']) {
      record(end(route, 404));
    }
    record(end('/users/:id', 201, 20, 'POST'));
    const text = await registry.metrics();
    expect(text).toContain('http_server_requests_total{method="GET",route="unmatched",status_code="404"} 4');
    expect(text).toContain(
      'http_server_requests_total{method="POST",route="/users/:id",status_code="201"} 1',
    );
    expect(text).not.toMatch(/random-1|users\/42/);
  });

  it('keeps a route template only for a method the route answers', async () => {
    const { registry, record } = setup();
    record(end('/demo/fast', 404, 20, 'DELETE'));
    const text = await registry.metrics();
    expect(text).toContain(
      'http_server_requests_total{method="DELETE",route="unmatched",status_code="404"} 1',
    );
  });

  it('folds non-standard methods into "_OTHER"', async () => {
    const { registry, record } = setup();
    for (const method of ['PROPFIND', 'MKCOL', 'get', 'BREW']) {
      record(end('/nope', 404, 20, method));
    }
    const text = await registry.metrics();
    expect(text).toContain(
      'http_server_requests_total{method="_OTHER",route="unmatched",status_code="404"} 4',
    );
    expect(text).not.toMatch(/PROPFIND|MKCOL|BREW|method="get"/);
  });

  it('labels aborted requests by route template or "unmatched"', async () => {
    const { registry, record } = setup();
    const request = { method: 'GET', route: '/x/y', ageMs: 5, bytesSent: 0 };
    record({ type: 'request-aborted', runId: 'r', request, at });
    const text = await registry.metrics();
    expect(text).toContain('drainboard_aborted_requests_total{route="unmatched"} 1');
  });
});
