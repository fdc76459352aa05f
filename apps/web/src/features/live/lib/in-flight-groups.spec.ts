import type { InFlightRequest, PreviewRequest } from '@drainboard/contracts';

import { groupInFlight, sortGroups } from './in-flight-groups.js';

const NOW = Date.UTC(2026, 0, 1, 0, 1);
const req = (id: string, route: string, ageMs: number, method = 'GET'): InFlightRequest => ({
  id,
  method,
  route,
  startedAt: new Date(NOW - ageMs).toISOString(),
  bytesWritten: 0,
});
const predicted = (
  request: InFlightRequest,
  remaining: number | null,
  verdict: PreviewRequest['verdict'],
  estimateSource: PreviewRequest['estimateSource'] = remaining === null ? null : 'history',
) => [request.id, { ...request, ageMs: 0, expectedRemainingMs: remaining, verdict, estimateSource }] as const;

describe('groupInFlight', () => {
  const requests = [
    req('a', '/demo/slow', 1000),
    req('b', '/demo/slow', 3000),
    req('c', '/demo/slow', 2000),
    req('d', '/demo/slow', 500, 'POST'),
    req('e', '/demo/fast', 10),
  ];

  it('groups by method and route with count, oldest and median age, oldest request first', () => {
    const groups = groupInFlight(requests, NOW, new Map());
    const slow = groups.find((g) => g.key === 'GET /demo/slow');
    expect(slow).toMatchObject({
      count: 3,
      oldestMs: 3000,
      medianMs: 2000,
      expectedFinishMs: null,
      estimateSource: null,
    });
    expect(slow?.requests.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(groups).toHaveLength(3);
  });

  it('carries the dry run: the latest expected finish and how many will be cut', () => {
    const predictions = new Map([
      predicted(requests[0]!, 4000, 'cut'),
      predicted(requests[1]!, 2000, 'finishes'),
      predicted(requests[2]!, null, 'unknown'),
    ]);
    const slow = groupInFlight(requests, NOW, predictions).find((g) => g.key === 'GET /demo/slow');
    expect(slow).toMatchObject({ expectedFinishMs: 4000, willBeCut: 1, unknown: 1, estimateSource: 'history' });
    expect(slow?.requests.find((r) => r.id === 'c')?.estimateSource).toBeNull();
  });
});

describe('sortGroups', () => {
  const groups = groupInFlight(
    [req('a', '/x', 100), req('b', '/x', 100), req('c', '/y', 900), req('d', '/z', 50)],
    NOW,
    new Map(),
  );

  it('sorts by count, age or route, either way', () => {
    expect(sortGroups(groups, 'count', 'descending').map((g) => g.route)).toEqual(['/x', '/y', '/z']);
    expect(sortGroups(groups, 'oldest', 'descending').map((g) => g.route)).toEqual(['/y', '/x', '/z']);
    expect(sortGroups(groups, 'route', 'descending').map((g) => g.route)).toEqual(['/z', '/y', '/x']);
    expect(sortGroups(groups, 'median', 'ascending').map((g) => g.route)).toEqual(['/z', '/x', '/y']);
  });
});
