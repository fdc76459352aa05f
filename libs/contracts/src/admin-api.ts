import type { GraceCheck } from './drain-preview.js';
import type { DrainRun } from './drain-run.js';
import type { InFlightRequest } from './in-flight-request.js';
import type { InstanceState } from './instance-state.js';

/** Largest `deadlineMs` accepted by the admin API (1 hour). */
export const MAX_DEADLINE_MS = 3_600_000;
/** Longest `reason` accepted by the admin API. */
export const MAX_REASON_LENGTH = 500;

/** Body of `POST /admin/drain` and `POST /admin/stop`. */
export interface DrainRequestBody {
  reason?: string;
  deadlineMs?: number;
}

/** `GET /admin/state`. */
export interface InstanceStateResponse {
  instanceId: string;
  state: InstanceState;
  inFlight: number;
  openConnections: number;
  inFlightRequests: InFlightRequest[];
  currentRun: DrainRun | null;
  /** Does a drain fit the deadline and the orchestrator's grace period? */
  grace: GraceCheck;
}

/**
 * `GET /admin/runs?limit&cursor`: newest first (`startedAt`, then `id`); pass `nextCursor` as `cursor` for the
 * next page. `nextBefore` (the last run's `startedAt`, for `before=`) is kept for older clients: paging by it
 * skips runs that share a start time at a page edge.
 */
export interface RunsPage {
  runs: DrainRun[];
  /** Opaque position after the last run of this page; null on the last page. */
  nextCursor: string | null;
  nextBefore: string | null;
}

/** Query of `GET /admin/runs`. */
export const RUNS_PAGE_DEFAULT_LIMIT = 20;
export const RUNS_PAGE_MAX_LIMIT = 100;
