import type { Registry } from 'prom-client';

import { methodLabel, type RouteCatalog, routeLabel } from './route-label.js';

/** Labels of one request series, as Prometheus shows them. */
interface SeriesLabels {
  method: string;
  route: string;
  status_code: number;
}

/** Counts of one (method, route, status) series: plain numbers, bumped on the hot path. */
interface Series {
  labels: SeriesLabels;
  count: number;
  sum: number;
  /** Observations per bucket, not cumulative: `buckets[i]` counts durations in (bounds[i-1], bounds[i]]. */
  buckets: number[];
}

/** One value of prom-client's metric format (what `Registry.metrics()` renders). */
interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
  sharedLabels?: SeriesLabels;
}

/** Resolved labels of a (method, route) pair; the route lookup is cached for the app's own templates. */
const MAX_CACHED_PAIRS = 1024;

/** A (method, route) pair as requests name it: its labels, and its series by status code once seen. */
interface Pair {
  labels: Omit<SeriesLabels, 'status_code'>;
  key: string;
  byStatus: Map<number, Series>;
}

/**
 * Finished traffic requests by method, route and status: a counter and a duration histogram. The hot path
 * (`record`, once per request) only bumps plain numbers found through cached maps, without building a string;
 * the Prometheus series are built from them when the registry is scraped. Renders exactly what a prom-client
 * Counter and Histogram with the same labels would.
 */
export class RequestAggregate {
  /** Series by their labels (`method route status`): pairs with the same labels share them. */
  private readonly series = new Map<string, Series>();
  /** Pairs by method, then route as the request names it. */
  private readonly pairs = new Map<string, Map<string, Pair>>();
  private cachedPairs = 0;

  constructor(
    private readonly routes: RouteCatalog,
    /** Upper bounds in seconds, ascending. */
    readonly bounds: readonly number[],
  ) {}

  /** Records one finished request (`durationMs` in milliseconds). */
  record(method: string, route: string, statusCode: number, durationMs: number): void {
    const pair = this.pairs.get(method)?.get(route) ?? this.newPair(method, route);
    const series = pair.byStatus.get(statusCode) ?? this.seriesOf(pair, statusCode);
    const seconds = durationMs / 1000;
    series.count += 1;
    series.sum += seconds;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i += 1) {
      if (seconds <= (bounds[i] as number)) {
        series.buckets[i] = (series.buckets[i] as number) + 1;
        break;
      }
    }
  }

  /** Forgets every series (prom-client's `Registry.resetMetrics()`). */
  reset(): void {
    this.series.clear();
    this.pairs.clear();
    this.cachedPairs = 0;
  }

  private newPair(method: string, route: string): Pair {
    const labels = { method: methodLabel(method), route: routeLabel(this.routes, method, route) };
    const pair: Pair = { labels, key: `${labels.method} ${labels.route}`, byStatus: new Map() };
    // Unmatched paths are unbounded: only the app's own templates (and a bounded few others) are cached.
    if (labels.route === route || this.cachedPairs < MAX_CACHED_PAIRS) {
      let byRoute = this.pairs.get(method);
      if (!byRoute) {
        byRoute = new Map();
        this.pairs.set(method, byRoute);
      }
      byRoute.set(route, pair);
      this.cachedPairs += 1;
    }
    return pair;
  }

  private seriesOf(pair: Pair, statusCode: number): Series {
    const key = `${pair.key} ${statusCode}`;
    let series = this.series.get(key);
    if (!series) {
      series = {
        labels: { ...pair.labels, status_code: statusCode },
        count: 0,
        sum: 0,
        buckets: new Array<number>(this.bounds.length).fill(0),
      };
      this.series.set(key, series);
    }
    pair.byStatus.set(statusCode, series);
    return series;
  }

  /** The counter's values: one per series. */
  counterValues(): MetricValue[] {
    return [...this.series.values()].map((series) => ({ value: series.count, labels: { ...series.labels } }));
  }

  /** The histogram's values per series: cumulative buckets, `+Inf`, sum and count (prom-client's order). */
  histogramValues(name: string): MetricValue[] {
    const values: MetricValue[] = [];
    for (const series of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += series.buckets[i] as number;
        values.push({
          value: cumulative,
          labels: { le },
          metricName: `${name}_bucket`,
          sharedLabels: series.labels,
        });
      });
      values.push(
        {
          value: series.count,
          labels: { le: '+Inf' },
          metricName: `${name}_bucket`,
          sharedLabels: series.labels,
        },
        { value: series.sum, labels: {}, metricName: `${name}_sum`, sharedLabels: series.labels },
        { value: series.count, labels: {}, metricName: `${name}_count`, sharedLabels: series.labels },
      );
    }
    return values;
  }
}

/**
 * Registers `aggregate` as the counter `counterName` and the histogram `histogramName` of `registry`: metric
 * objects whose values are read from the aggregate when the registry is scraped.
 */
export function registerRequestAggregate(
  registry: Registry,
  aggregate: RequestAggregate,
  names: { counter: string; counterHelp: string; histogram: string; histogramHelp: string },
): void {
  registry.registerMetric({
    name: names.counter,
    help: names.counterHelp,
    type: 'counter',
    reset: () => aggregate.reset(),
    get: () =>
      Promise.resolve({
        name: names.counter,
        help: names.counterHelp,
        type: 'counter',
        values: aggregate.counterValues(),
        aggregator: 'sum',
      }),
  } as unknown as Parameters<Registry['registerMetric']>[0]);
  registry.registerMetric({
    name: names.histogram,
    help: names.histogramHelp,
    type: 'histogram',
    reset: () => aggregate.reset(),
    get: () =>
      Promise.resolve({
        name: names.histogram,
        help: names.histogramHelp,
        type: 'histogram',
        values: aggregate.histogramValues(names.histogram),
        aggregator: 'sum',
      }),
  } as unknown as Parameters<Registry['registerMetric']>[0]);
}
