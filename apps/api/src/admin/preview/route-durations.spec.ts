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
      {
        route: '/a',
        samples: 10,
        liveSamples: 10,
        historySamples: 0,
        source: 'live',
        historyUpdatedAt: null,
        medianMs: 700,
        p90Ms: 1100,
        maxMs: 1200,
      },
      {
        route: '/fast',
        samples: 1,
        liveSamples: 1,
        historySamples: 0,
        source: 'live',
        historyUpdatedAt: null,
        medianMs: 5,
        p90Ms: 5,
        maxMs: 5,
      },
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

  it('keeps the order right when one route finishes many requests in a row', () => {
    const durations = new RouteDurations(3, 2);
    durations.record('/a', 1);
    durations.record('/b', 1);
    durations.record('/b', 2);
    durations.record('/a', 2);
    durations.record('/a', 3);
    durations.record('/a', 4);
    durations.record('/c', 1);
    expect(durations.durations('/a')).toEqual([2, 3, 4]);
    expect(durations.durations('/b')).toEqual([]);
    expect(durations.durations('/c')).toEqual([1]);
  });

  it('ignores durations that are not a time', () => {
    const durations = new RouteDurations();
    durations.record('/a', Number.NaN);
    durations.record('/a', -1);
    expect(durations.estimates()).toEqual([]);
  });

  it('estimates from stored durations before any request finished, then blends, then goes live only', () => {
    const durations = new RouteDurations(4, 10);
    const at = '2026-11-27T10:00:00.000Z';
    durations.seed([{ route: '/slow', durations: [9000, 9100, 9200, 9300, 9400, 9500], updatedAt: at }]);
    expect(durations.durations('/slow')).toEqual([9200, 9300, 9400, 9500]);
    expect(durations.source('/slow')).toBe('history');
    expect(durations.estimates()[0]).toMatchObject({ source: 'history', historySamples: 4, historyUpdatedAt: at });

    durations.record('/slow', 100);
    expect(durations.durations('/slow')).toEqual([9300, 9400, 9500, 100]);
    expect(durations.estimates()[0]).toMatchObject({
      source: 'blended',
      liveSamples: 1,
      historySamples: 3,
      historyUpdatedAt: at,
    });

    for (let i = 0; i < 4; i++) {
      durations.record('/slow', 200);
    }
    expect(durations.durations('/slow')).toEqual([200, 200, 200, 200]);
    expect(durations.estimates()[0]).toMatchObject({ source: 'live', historySamples: 0, historyUpdatedAt: null });
    expect(durations.source('/unknown')).toBeNull();
  });

  it('keeps live durations recorded before the history arrives, in front of the stored ones', () => {
    const durations = new RouteDurations(3, 10);
    durations.record('/a', 5);
    durations.seed([{ route: '/a', durations: [1, 2, 3, 4], updatedAt: '2026-11-27T10:00:00.000Z' }]);
    expect(durations.durations('/a')).toEqual([3, 4, 5]);
    expect(durations.source('/a')).toBe('blended');
  });

  it('bounds seeded routes like live ones: the least recently stored are forgotten first', () => {
    const durations = new RouteDurations(10, 3);
    const stored = Array.from({ length: 50 }, (_, i) => ({
      route: `/r${i}`,
      durations: [i],
      updatedAt: '2026-11-27T10:00:00.000Z',
    }));
    durations.seed(stored);
    expect(durations.estimates().map((e) => e.route)).toEqual(['/r49', '/r48', '/r47']);
  });

  it('hands out the routes that finished requests since the last save, and takes them back when a save fails', () => {
    const durations = new RouteDurations(5, 10);
    durations.seed([{ route: '/old', durations: [7], updatedAt: '2026-11-27T10:00:00.000Z' }]);
    durations.record('/a', 10);
    durations.record('/a', 20);
    const first = durations.takeUnsaved();
    expect(first).toEqual([{ route: '/a', durations: [10, 20], finished: 2 }]);
    expect(durations.takeUnsaved()).toEqual([]);
    durations.restore(first);
    durations.record('/old', 8);
    expect(durations.takeUnsaved()).toEqual([
      { route: '/a', durations: [10, 20], finished: 2 },
      { route: '/old', durations: [7, 8], finished: 1 },
    ]);
  });
});
