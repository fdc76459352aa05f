import { Registry } from 'prom-client';
import type { DrainEvent, DrainRun } from '@drainboard/contracts';
import { registerEventMetrics } from './event-metrics.js';
import { RouteLabels } from './route-label.js';

const at = new Date(0).toISOString();
const end = (route: string, statusCode = 200, durationMs = 20): DrainEvent => ({
  type: 'request-end',
  id: route,
  method: 'GET',
  route,
  statusCode,
  durationMs,
  at,
});

function setup(maxRoutes = 100): { registry: Registry; record: (e: DrainEvent) => void } {
  const registry = new Registry();
  return { registry, record: registerEventMetrics(registry, new RouteLabels(maxRoutes)) };
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

  it('folds routes beyond the label budget into "other"', async () => {
    const { registry, record } = setup(2);
    for (const route of ['/a', '/b', '/random-1', '/random-2']) record(end(route, 404));
    const text = await registry.metrics();
    expect(text).toContain('http_server_requests_total{method="GET",route="other",status_code="404"} 2');
    expect(text).not.toContain('/random-1');
  });
});
