import type { EstimateSource, InFlightRequest, PreviewRequest, PreviewVerdict } from '@drainboard/contracts';
import { ageMs } from '@web/shared/lib/format.js';

/** A request in flight with its age and, when the dry run knows it, its prediction. */
export interface GroupedRequest extends InFlightRequest {
  ageMs: number;
  expectedRemainingMs: number | null;
  verdict: PreviewVerdict | null;
  /** Where its route's durations came from, when the dry run knows it. */
  estimateSource: EstimateSource | null;
}

/** The requests in flight on one route (method + route). */
export interface RouteGroup {
  key: string;
  method: string;
  route: string;
  count: number;
  oldestMs: number;
  medianMs: number;
  /** Longest expected time left among its requests with an estimate; null when none has one. */
  expectedFinishMs: number | null;
  /** Where the route's durations came from (the newest dry run's word for its requests). */
  estimateSource: EstimateSource | null;
  /** Requests predicted to be cut, and without an estimate (from the dry run). */
  willBeCut: number;
  unknown: number;
  /** Oldest first. */
  requests: GroupedRequest[];
}

export const GROUP_SORT_KEYS = ['route', 'count', 'oldest', 'median', 'finish'] as const;
export type GroupSortKey = (typeof GROUP_SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

function median(sortedDescending: readonly number[]): number {
  if (sortedDescending.length === 0) {
    return 0;
  }
  const mid = Math.floor(sortedDescending.length / 2);
  const upper = sortedDescending[mid] ?? 0;
  return sortedDescending.length % 2 === 1 ? upper : ((sortedDescending[mid - 1] ?? 0) + upper) / 2;
}

/**
 * Groups requests by method and route, measured at `now`, with the dry run's predictions (by request id) where
 * it has them. The dry run is polled, so requests it has not seen yet have no prediction.
 */
export function groupInFlight(
  requests: readonly InFlightRequest[],
  now: number,
  predictions: ReadonlyMap<string, PreviewRequest>,
): RouteGroup[] {
  const groups = new Map<string, GroupedRequest[]>();
  for (const request of requests) {
    const prediction = predictions.get(request.id);
    const key = `${request.method} ${request.route}`;
    const list = groups.get(key) ?? [];
    list.push({
      ...request,
      ageMs: ageMs(request.startedAt, now),
      expectedRemainingMs: prediction ? prediction.expectedRemainingMs : null,
      verdict: prediction?.verdict ?? null,
      estimateSource: prediction?.estimateSource ?? null,
    });
    groups.set(key, list);
  }
  return [...groups.entries()].map(([key, list]) => {
    const sorted = list.sort((a, b) => b.ageMs - a.ageMs);
    const estimates = sorted
      .map((request) => request.expectedRemainingMs)
      .filter((ms): ms is number => ms !== null);
    const first = sorted[0];
    return {
      key,
      method: first?.method ?? '',
      route: first?.route ?? '',
      count: sorted.length,
      oldestMs: first?.ageMs ?? 0,
      medianMs: median(sorted.map((request) => request.ageMs)),
      expectedFinishMs: estimates.length > 0 ? Math.max(...estimates) : null,
      estimateSource: sorted.find((request) => request.estimateSource !== null)?.estimateSource ?? null,
      willBeCut: sorted.filter((request) => request.verdict === 'cut').length,
      unknown: sorted.filter((request) => request.verdict === 'unknown').length,
      requests: sorted,
    };
  });
}

const VALUE: Record<Exclude<GroupSortKey, 'route'>, (group: RouteGroup) => number> = {
  count: (group) => group.count,
  oldest: (group) => group.oldestMs,
  median: (group) => group.medianMs,
  finish: (group) => group.expectedFinishMs ?? Number.POSITIVE_INFINITY,
};

/** Groups sorted by one column; ties keep route order. */
export function sortGroups(
  groups: readonly RouteGroup[],
  key: GroupSortKey,
  direction: SortDirection,
): RouteGroup[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...groups].sort((a, b) => {
    const byRoute = a.key.localeCompare(b.key);
    if (key === 'route') {
      return sign * byRoute;
    }
    const diff = VALUE[key](a) - VALUE[key](b);
    return diff === 0 || Number.isNaN(diff) ? byRoute : sign * diff;
  });
}
