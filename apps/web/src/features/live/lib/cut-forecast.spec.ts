import type { DrainPreview, PreviewRequest } from '@drainboard/contracts';

import { forecastAt, forecastOf } from './cut-forecast.js';

const AT = Date.UTC(2026, 0, 1);
const request = (
  id: string,
  remaining: number | null,
  verdict: PreviewRequest['verdict'],
): PreviewRequest => ({
  id,
  method: 'GET',
  route: '/demo/slow',
  startedAt: new Date(AT - 1000).toISOString(),
  bytesWritten: 0,
  ageMs: 1000,
  expectedRemainingMs: remaining,
  verdict,
  estimateSource: remaining === null ? null : 'live',
});
const preview = (requests: PreviewRequest[]): DrainPreview =>
  ({
    at: new Date(AT).toISOString(),
    deadlineMs: 30_000,
    inFlight: requests.length,
    willBeCut: requests.filter((r) => r.verdict === 'cut').length,
    unknown: requests.filter((r) => r.verdict === 'unknown').length,
    requests,
  }) as DrainPreview;

describe('cut forecasts', () => {
  const dryRun = preview([
    request('a', 6000, 'finishes'),
    request('b', 1000, 'finishes'),
    request('c', null, 'unknown'),
  ]);

  it('takes the dry run as it is for its own deadline', () => {
    expect(forecastOf(dryRun)).toMatchObject({ deadlineMs: 30_000, inFlight: 3, willBeCut: 0, unknown: 1 });
  });

  it('carries the dry run forward to the time left of a running drain', () => {
    const forecast = forecastAt(dryRun, AT + 500, 4000, new Set(['a', 'b', 'c']));
    expect(forecast).toMatchObject({ deadlineMs: 4000, inFlight: 3, willBeCut: 1, unknown: 1 });
    expect(forecast.cut).toEqual([
      expect.objectContaining({ id: 'a', ageMs: 1500, expectedRemainingMs: 5500 }),
    ]);
  });

  it('leaves out requests that have finished since', () => {
    expect(forecastAt(dryRun, AT, 4000, new Set(['b'])).inFlight).toBe(1);
  });
});
