import { HISTORY_MAX_AGE_MS, MAX_STORED_DURATION_MS, parseStoredRoute } from './stored-route.js';

const NOW = Date.UTC(2026, 10, 27, 12);
const row = (over: Partial<{ route: string; updatedAt: Date; durationsMs: unknown }> = {}) => ({
  route: '/demo/slow',
  updatedAt: new Date(NOW - 60_000),
  durationsMs: [100, 200, 300] as unknown,
  ...over,
});

describe('parseStoredRoute', () => {
  it('takes a recent row with whole, non-negative durations, keeping the newest `window`', () => {
    expect(parseStoredRoute(row(), NOW, 2)).toEqual({
      route: '/demo/slow',
      durations: [200, 300],
      updatedAt: new Date(NOW - 60_000).toISOString(),
    });
  });

  it('skips a row older than the maximum age', () => {
    expect(parseStoredRoute(row({ updatedAt: new Date(NOW - HISTORY_MAX_AGE_MS - 1) }), NOW, 10)).toBeNull();
    expect(parseStoredRoute(row({ updatedAt: new Date(Number.NaN) }), NOW, 10)).toBeNull();
  });

  it.each([
    ['not an array', { n: 1 }],
    ['an empty array', []],
    ['a string', ['100']],
    ['a fraction', [1.5]],
    ['a negative duration', [-1]],
    ['a null', [null]],
    ['longer than a day', [MAX_STORED_DURATION_MS + 1]],
  ])('skips durations that are %s', (_label, durationsMs) => {
    expect(parseStoredRoute(row({ durationsMs }), NOW, 10)).toBeNull();
  });

  it('skips an empty or overlong route', () => {
    expect(parseStoredRoute(row({ route: '' }), NOW, 10)).toBeNull();
    expect(parseStoredRoute(row({ route: `/${'x'.repeat(600)}` }), NOW, 10)).toBeNull();
  });
});
