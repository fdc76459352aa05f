import { RateWindow } from './rate-window.js';

describe('RateWindow', () => {
  it('allows `limit` events per window, then refuses with the seconds left', () => {
    const window = new RateWindow(3, 60_000);
    expect([1, 2, 3].map(() => window.hit('a', 0).allowed)).toEqual([true, true, true]);
    expect(window.hit('a', 15_000)).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(window.check('a', 59_500)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(window.check('b', 15_000)).toEqual({ allowed: true });
  });

  it('starts over once the window has passed', () => {
    const window = new RateWindow(1, 1000);
    window.hit('a', 0);
    expect(window.hit('a', 500).allowed).toBe(false);
    expect(window.check('a', 1000).allowed).toBe(true);
    expect(window.hit('a', 1000).allowed).toBe(true);
  });

  it('keeps at most maxKeys addresses, forgetting the oldest first', () => {
    const window = new RateWindow(1, 60_000, 100);
    for (let i = 0; i < 10_000; i++) {
      window.hit(`10.0.${i >> 8}.${i & 255}`, i);
    }
    expect(window.size).toBe(100);
    window.hit('last', 10_000);
    expect(window.hit('last', 10_001).allowed).toBe(false);
  });
});
