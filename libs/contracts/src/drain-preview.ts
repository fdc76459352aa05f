import type { InFlightRequest } from './in-flight-request.js';
import type { InstanceState } from './instance-state.js';

/** What a drain started now would most likely do to one request in flight. */
export const PREVIEW_VERDICTS = ['finishes', 'cut', 'unknown'] as const;

export type PreviewVerdict = (typeof PREVIEW_VERDICTS)[number];

/**
 * Where a route's recent durations come from: this process's finished requests (`live`), the summaries stored by
 * earlier processes and loaded at boot (`history`), or both (`blended`: the newest live durations, the rest of
 * the window filled with stored ones).
 */
export const ESTIMATE_SOURCES = ['live', 'history', 'blended'] as const;

export type EstimateSource = (typeof ESTIMATE_SOURCES)[number];

/** Recent durations of one route's finished requests (bounded window: live ones first, then stored ones). */
export interface RouteEstimate {
  route: string;
  /** Number of recent durations the estimate is based on (`liveSamples + historySamples`). */
  samples: number;
  liveSamples: number;
  historySamples: number;
  source: EstimateSource;
  /** When the stored summary the history samples come from was written; null without history samples. */
  historyUpdatedAt: string | null;
  medianMs: number | null;
  p90Ms: number | null;
  maxMs: number | null;
}

/** One request in flight, with its predicted finish. */
export interface PreviewRequest extends InFlightRequest {
  ageMs: number;
  /**
   * Expected time left before it answers: the median of the recent durations of its route that are longer than
   * its age, minus its age. Null when no recent duration of the route is longer than its age.
   */
  expectedRemainingMs: number | null;
  verdict: PreviewVerdict;
  /** Where the durations of its route came from; null when its route has none. */
  estimateSource: EstimateSource | null;
}

/** The stored route durations this process loaded at boot (`route_durations`). */
export interface DurationHistoryStatus {
  /** `loaded` (possibly zero routes), `unavailable` (the database did not answer), `loading` (not yet). */
  status: 'loading' | 'loaded' | 'unavailable';
  /** Routes loaded from history. */
  routes: number;
  /** Stored rows skipped as malformed or older than the history's maximum age. */
  skipped: number;
  loadedAt: string | null;
}

/**
 * Does a drain fit its budget? LB delay + the longest expected request + the hooks' budget against the deadline,
 * and the deadline (and that sum) against the orchestrator's grace period when `DRAIN_GRACE_PERIOD_MS` is set.
 */
export interface GraceCheck {
  deadlineMs: number;
  lbDelayMs: number;
  /** p90 duration of the slowest route seen recently (0 when nothing finished yet). */
  longestExpectedMs: number;
  longestExpectedRoute: string | null;
  /** Where that route's durations came from (null when nothing finished yet). */
  longestExpectedSource: EstimateSource | null;
  /** Budget of one application shutdown hook (stop only). */
  hooksBudgetMs: number;
  /** lbDelayMs + longestExpectedMs + hooksBudgetMs. */
  requiredMs: number;
  /** `DRAIN_GRACE_PERIOD_MS`, or null when not configured. */
  gracePeriodMs: number | null;
  fitsDeadline: boolean;
  /** Null when no grace period is configured. */
  fitsGracePeriod: boolean | null;
  /** One sentence per problem, empty when everything fits. */
  warnings: string[];
}

/** `GET /admin/drain/preview?deadlineMs=`: a dry run of a drain started now. */
export interface DrainPreview {
  at: string;
  instanceId: string;
  state: InstanceState;
  /** The deadline the prediction uses: the query's, else the time left of the current run, else the default. */
  deadlineMs: number;
  /** True when the deadline is what is left of the run in progress. */
  duringRun: boolean;
  /** True count of requests in flight (may exceed `requests.length`). */
  inFlight: number;
  /** Requests predicted to be cut at the deadline. */
  willBeCut: number;
  /** Requests without an estimate (no recent duration of their route is longer than their age). */
  unknown: number;
  /** Oldest first. */
  requests: PreviewRequest[];
  /** Routes with recent durations, slowest first. */
  routes: RouteEstimate[];
  /** The stored durations loaded at boot, which estimate routes this process has not seen finish yet. */
  history: DurationHistoryStatus;
  grace: GraceCheck;
}
