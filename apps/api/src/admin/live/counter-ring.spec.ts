import type { CounterSample } from '@drainboard/contracts';

import { CounterRing } from './counter-ring.js';

const sample = (second: number): CounterSample => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  inFlight: second,
  throughput: second * 10,
  openConnections: 1,
  connections: { idle: 1, busy: 0, realtime: 0 },
  responses: { '1xx': 0, '2xx': second * 10, '3xx': 0, '4xx': 0, '5xx': 0 },
});

describe('CounterRing', () => {
  it('keeps the newest samples, oldest first, once full', () => {
    const ring = new CounterRing(3);
    for (let second = 0; second < 5; second++) {
      ring.push(sample(second));
    }
    expect(ring.toArray().map((s) => s.inFlight)).toEqual([2, 3, 4]);
  });

  it('returns a copy that later pushes do not change', () => {
    const ring = new CounterRing(2);
    ring.push(sample(1));
    const copy = ring.toArray();
    ring.push(sample(2));
    expect(copy).toHaveLength(1);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new CounterRing(0)).toThrow(RangeError);
    expect(() => new CounterRing(1.5)).toThrow(RangeError);
  });
});
