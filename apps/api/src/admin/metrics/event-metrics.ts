import { Counter, Histogram, type Registry } from 'prom-client';

import { DRAIN_STAGES, type DrainEvent } from '@drainboard/contracts';
import type { RequestEndListener } from '@drainboard/drain';

import { registerRequestAggregate, RequestAggregate } from './request-aggregate.js';
import { type RouteCatalog, routeLabel } from './route-label.js';

/** Seconds; OpenTelemetry's default boundaries for `http.server.request.duration`, plus 30 s and 60 s. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];
/** Seconds; stages range from microseconds (`trigger`) to a whole deadline (`drain-requests`). */
const STAGE_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600];

/** The recorders returned by `registerEventMetrics`: one per drain event, one per ended request. */
export interface EventMetricsRecorders {
  /** Records a stage, run or aborted-request event (other events are ignored). */
  record: (event: DrainEvent) => void;
  /** Records one ended request (fed by `DrainService.onRequestEnd`). */
  requestEnded: RequestEndListener;
}

/** Registers the counters and histograms fed by drain events; returns the functions that record them. */
export function registerEventMetrics(registry: Registry, routes: RouteCatalog): EventMetricsRecorders {
  const registers = [registry];
  // The request series are counted with plain numbers per request and turned into Prometheus series at scrape.
  const requests = new RequestAggregate(routes, REQUEST_BUCKETS);
  registerRequestAggregate(registry, requests, {
    counter: 'http_server_requests_total',
    counterHelp: 'Requests completed on the traffic port.',
    histogram: 'http_server_request_duration_seconds',
    histogramHelp: 'Duration of requests completed on the traffic port.',
  });
  const stages = new Histogram({
    name: 'drainboard_drain_stage_duration_seconds',
    help: 'Duration of each finished drain stage.',
    labelNames: ['stage'] as const,
    buckets: STAGE_BUCKETS,
    registers,
  });
  const aborted = new Counter({
    name: 'drainboard_aborted_requests_total',
    help: 'Requests cut off at a drain deadline.',
    labelNames: ['route'] as const,
    registers,
  });
  const runs = new Counter({
    name: 'drainboard_drain_runs_total',
    help: 'Finished drain runs by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  for (const stage of DRAIN_STAGES) {
    stages.zero({ stage });
  }

  const requestEnded: RequestEndListener = (ended) =>
    requests.record(ended.method, ended.route, ended.statusCode, ended.durationMs);
  const record = (event: DrainEvent): void => {
    switch (event.type) {
      case 'request-end':
        requestEnded(event);
        return;
      case 'stage-end':
        if (event.stage.durationMs !== null) {
          stages.observe({ stage: event.stage.name }, event.stage.durationMs / 1000);
        }
        return;
      case 'request-aborted':
        aborted.inc({ route: routeLabel(routes, event.request.method, event.request.route) });
        return;
      case 'run-end':
        runs.inc({ kind: event.run.kind, outcome: event.run.outcome });
        return;
      default:
        return;
    }
  };
  return { record, requestEnded };
}
