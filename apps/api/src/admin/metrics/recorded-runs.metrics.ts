import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Counter } from 'prom-client';

import { DRAIN_RUN_KINDS, DRAIN_RUN_OUTCOMES } from '@drainboard/contracts';

import { within } from '../../shared/common/within.js';
import { MetricsService } from './metrics.service.js';
import { RecordedRunsRepository, type RecordedRunTotals } from './recorded-runs.repository.js';

/** Totals younger than this are reused: the three counters of one scrape (and close scrapes) share a query. */
export const RECORDED_TOTALS_MAX_AGE_MS = 2000;
/** Longest a scrape waits for the totals; past it, the last totals read are exposed. */
const QUERY_TIMEOUT_MS = 1000;
const FINISHED_OUTCOMES = DRAIN_RUN_OUTCOMES.filter((outcome) => outcome !== 'running');
/** How a request listed on a run ended: cut off at the deadline, or answered 5xx after its AbortSignal fired. */
const CUT_RESULTS = ['aborted', 'gave-up'] as const;

/** One `drainboard_recorded_*_total` counter: every label combination and its total. */
interface RecordedCounter {
  name: string;
  help: string;
  labelNames: string[];
  samples(read: RecordedRunTotals): Array<{ labels: Record<string, string>; value: number }>;
}

const countOf = (rows: Array<{ kind: string; count: number }>, kind: string): number =>
  rows.find((row) => row.kind === kind)?.count ?? 0;

const RECORDED_COUNTERS: readonly RecordedCounter[] = [
  {
    name: 'drainboard_recorded_runs_total',
    help: 'Finished drain and stop runs of every instance, by kind and outcome, from the run history in Postgres.',
    labelNames: ['kind', 'outcome'],
    samples: (read) =>
      DRAIN_RUN_KINDS.flatMap((kind) =>
        FINISHED_OUTCOMES.map((outcome) => ({
          labels: { kind, outcome },
          value: read.runs.find((row) => row.kind === kind && row.outcome === outcome)?.count ?? 0,
        })),
      ),
  },
  {
    name: 'drainboard_recorded_deadline_hits_total',
    help: 'Runs of every instance that reached their deadline with work left, by kind, from Postgres.',
    labelNames: ['kind'],
    samples: (read) =>
      DRAIN_RUN_KINDS.map((kind) => ({ labels: { kind }, value: countOf(read.deadlineHits, kind) })),
  },
  {
    name: 'drainboard_recorded_cut_requests_total',
    help: 'Requests cut off by the runs of every instance, by run kind and result, from Postgres.',
    labelNames: ['kind', 'result'],
    samples: (read) =>
      DRAIN_RUN_KINDS.flatMap((kind) =>
        CUT_RESULTS.map((result) => ({
          labels: { kind, result },
          value: read.cutRequests.find((row) => row.kind === kind && row.result === result)?.count ?? 0,
        })),
      ),
  },
];

/**
 * Makes every stop countable in Prometheus although the stopping process exits before the next scrape.
 *
 * A process cannot report its own stop, so the figures come from where stops are already recorded: the run
 * history in Postgres. Every instance exports the fleet's totals (`drainboard_recorded_runs_total{kind,outcome}`,
 * `..._deadline_hits_total{kind}`, `..._cut_requests_total{kind,result}`), identical on every instance, read
 * at scrape time. A stop of instance A is written by A before it exits and shows up at the next scrape of any
 * other instance, or of A's successor: `max by (job) (increase(...))` counts it. Every label combination is
 * exported from boot (zero included), so `increase()` never misses a first increment, and labels come only
 * from the contracts' kinds and outcomes, never from stored text. The live `drainboard_drain_runs_total` gets
 * its zero series at boot for the same reason.
 */
@Injectable()
export class RecordedRunMetrics implements OnModuleInit {
  private readonly logger = new Logger(RecordedRunMetrics.name);
  private last: RecordedRunTotals | null = null;
  private readAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<RecordedRunTotals | null> | null = null;

  constructor(
    private readonly metrics: MetricsService,
    private readonly repository: RecordedRunsRepository,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const totals = (): Promise<RecordedRunTotals | null> => this.totals();
    for (const spec of RECORDED_COUNTERS) {
      new Counter({
        name: spec.name,
        help: spec.help,
        labelNames: spec.labelNames,
        registers,
        async collect() {
          const read = await totals();
          if (!read) {
            return;
          }
          this.reset();
          for (const { labels, value } of spec.samples(read)) {
            this.inc(labels, value);
          }
        },
      });
    }
    this.zeroLiveRunCounter();
  }

  /** The live per-process run counter, with every kind and finished outcome at 0 from boot. */
  private zeroLiveRunCounter(): void {
    const runs = this.metrics.registry.getSingleMetric('drainboard_drain_runs_total');
    if (!(runs instanceof Counter)) {
      return;
    }
    for (const kind of DRAIN_RUN_KINDS) {
      for (const outcome of FINISHED_OUTCOMES) {
        runs.inc({ kind, outcome }, 0);
      }
    }
  }

  /** The totals, at most RECORDED_TOTALS_MAX_AGE_MS old; the last ones read when Postgres does not answer. */
  private totals(): Promise<RecordedRunTotals | null> {
    if (performance.now() - this.readAt < RECORDED_TOTALS_MAX_AGE_MS) {
      return Promise.resolve(this.last);
    }
    this.pending ??= within(this.repository.totals(), QUERY_TIMEOUT_MS, 'run totals query timed out')
      .then(
        (read) => {
          this.last = read;
          this.readAt = performance.now();
          return read;
        },
        (error: unknown) => {
          this.logger.warn(`run totals unavailable, exposing the last ones: ${(error as Error).message}`);
          return this.last;
        },
      )
      .finally(() => (this.pending = null));
    return this.pending;
  }
}
