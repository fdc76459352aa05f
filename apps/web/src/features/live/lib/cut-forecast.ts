import type { DrainPreview, PreviewRequest } from '@drainboard/contracts';

/** What a deadline would cut, from a dry run. */
export interface CutForecast {
  deadlineMs: number;
  inFlight: number;
  willBeCut: number;
  unknown: number;
  /** The requests that will be cut, oldest first, with their age and time left as of the forecast. */
  cut: PreviewRequest[];
}

/** The dry run as it came: its deadline, its verdicts. */
export function forecastOf(preview: DrainPreview): CutForecast {
  return {
    deadlineMs: preview.deadlineMs,
    inFlight: preview.inFlight,
    willBeCut: preview.willBeCut,
    unknown: preview.unknown,
    cut: preview.requests.filter((request) => request.verdict === 'cut'),
  };
}

/**
 * The dry run carried forward to `now` against `remainingMs` of a running drain: each request is older and has
 * less left by the time elapsed since the dry run, so the verdicts follow the countdown between two polls (and
 * show at once when a run starts, from the dry run taken just before it). Requests in `stillInFlight` only.
 */
export function forecastAt(
  preview: DrainPreview,
  now: number,
  remainingMs: number,
  stillInFlight: ReadonlySet<string>,
): CutForecast {
  const elapsed = Math.max(0, now - Date.parse(preview.at));
  const requests = preview.requests
    .filter((request) => stillInFlight.has(request.id))
    .map((request): PreviewRequest => {
      const left =
        request.expectedRemainingMs === null ? null : Math.max(0, request.expectedRemainingMs - elapsed);
      const verdict = left === null ? 'unknown' : left > remainingMs ? 'cut' : 'finishes';
      return { ...request, ageMs: request.ageMs + elapsed, expectedRemainingMs: left, verdict };
    });
  const cut = requests.filter((request) => request.verdict === 'cut');
  return {
    deadlineMs: remainingMs,
    inFlight: requests.length,
    willBeCut: cut.length,
    unknown: requests.filter((request) => request.verdict === 'unknown').length,
    cut,
  };
}
