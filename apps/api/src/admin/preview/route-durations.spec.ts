import { RouteDurations } from './route-durations.js';

describe('RouteDurations', () => {
  it('keeps the newest durations of each route and estimates median, p90 and max, slowest first', () => {
    const durations = new RouteDurations(10, 5);
    for (let ms = 1; ms <= 12; ms++) {
      durations.record('/a', ms * 100);
    }
    durations.record('/fast', 5);
    expect(durations.durations('/a')).toHaveLength(10);
    expect(durations.estimates()).toEqual([
      { route: '/a', samples: 10, medianMs: 700, p90Ms: 1100, maxMs: 1200 },
      { route: '/fast', samples: 1, medianMs: 5, p90Ms: 5, maxMs: 5 },
    ]);
  });

  it('forgets the least recently finished route beyond the route limit', () => {
    const durations = new RouteDurations(10, 2);
    durations.record('/a', 1);
    durations.record('/b', 1);
    durations.record('/a', 2);
    durations.record('/c', 1);
    expect(
      durations
        .estimates()
        .map((e) => e.route)
        .sort(),
    ).toEqual(['/a', '/c']);
  });

  it('ignores durations that are not a time', () => {
    const durations = new RouteDurations();
    durations.record('/a', Number.NaN);
    durations.record('/a', -1);
    expect(durations.estimates()).toEqual([]);
  });
});
