import type { InFlightRequest } from './in-flight-request.js';
import type { InstanceState } from './instance-state.js';

/** What a drain started now would most likely do to one request in flight. */
export const PREVIEW_VERDICTS = ['finishes', 'cut', 'unknown'] as const;

export type PreviewVerdict = (typeof PREVIEW_VERDICTS)[number];

/** Recent durations of one route's finished requests (live, since the process started; bounded window). */
export interface RouteEstimate {
  route: string;
  /** Number of recent durations the estimate is based on. */
  samples: number;
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
  grace: GraceCheck;
}
