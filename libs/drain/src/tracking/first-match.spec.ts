import { firstMatch } from './connection-tracker.js';

describe('firstMatch', () => {
  it('tells whether a value matches, and finds none in a map where none does', () => {
    const map = new Map([1, 2, 3].map((n) => [n, n]));
    expect(firstMatch(map, (n) => n === 3)).toBe(true);
    expect(firstMatch(map, (n) => n > 3)).toBe(false);
    expect([...map.keys()].sort()).toEqual([1, 2, 3]);
  });

  it('moves the values it skipped behind the match, so the next scan looks at the match first', () => {
    const map = new Map([1, 2, 3, 4].map((n) => [n, n]));
    const seen: number[] = [];
    firstMatch(map, (n) => n === 3);
    expect([...map.keys()]).toEqual([3, 4, 1, 2]);
    firstMatch(map, (n) => {
      seen.push(n);
      return n === 3;
    });
    expect(seen).toEqual([3]);
  });
});
