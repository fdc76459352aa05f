import { parseRoute, routeHash } from './route.js';

describe('console routes', () => {
  it.each([
    ['', { page: 'live' }],
    ['#/live', { page: 'live' }],
    ['#/nowhere', { page: 'live' }],
    ['#/history', { page: 'history', runId: null }],
    ['#/history/run%201', { page: 'history', runId: 'run 1' }],
  ])('reads %p', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('writes what it reads', () => {
    for (const route of [
      { page: 'live' },
      { page: 'history', runId: null },
      { page: 'history', runId: 'a/b' },
    ] as const) {
      expect(parseRoute(routeHash(route))).toEqual(route);
    }
  });
});
