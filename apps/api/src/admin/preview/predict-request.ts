import type { InFlightRequest, PreviewRequest } from '@drainboard/contracts';

import { quantile } from './quantile.js';

/**
 * Predicts whether `request` finishes within `deadlineMs` from `now`, from the recent durations of its route.
 * Only durations longer than the request's age say anything about it (it has already outlived the shorter ones),
 * so the expected finish is their median; without any, the request has no estimate (`unknown`).
 */
export function predictRequest(
  request: InFlightRequest,
  now: number,
  durations: readonly number[],
  deadlineMs: number,
): Omit<PreviewRequest, 'estimateSource'> {
  const started = Date.parse(request.startedAt);
  const ageMs = Number.isNaN(started) ? 0 : Math.max(0, Math.round(now - started));
  const longer = durations.filter((duration) => duration > ageMs).sort((a, b) => a - b);
  const expectedTotal = quantile(longer, 0.5);
  if (expectedTotal === null) {
    return { ...request, ageMs, expectedRemainingMs: null, verdict: 'unknown' };
  }
  const expectedRemainingMs = Math.max(0, expectedTotal - ageMs);
  return {
    ...request,
    ageMs,
    expectedRemainingMs,
    verdict: expectedRemainingMs > deadlineMs ? 'cut' : 'finishes',
  };
}
