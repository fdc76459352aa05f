import { ageMs, formatDuration, formatRate, formatTimestamp } from './format.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [849.6, '850 ms'],
    [4210, '4.2 s'],
    [185_000, '3 min 05 s'],
    [null, '–'],
    [-1, '–'],
    [Number.NaN, '–'],
  ])('formats %p as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('ageMs', () => {
  it('measures from an ISO start and never goes negative', () => {
    expect(ageMs('2026-01-01T00:00:00.000Z', Date.UTC(2026, 0, 1, 0, 0, 2))).toBe(2000);
    expect(ageMs('2026-01-01T00:00:05.000Z', Date.UTC(2026, 0, 1))).toBe(0);
    expect(ageMs('not a date', 5)).toBe(0);
  });
});

describe('formatTimestamp and formatRate', () => {
  it('shows a dash for missing or invalid timestamps', () => {
    expect(formatTimestamp(null)).toBe('–');
    expect(formatTimestamp('nope')).toBe('–');
  });

  it('rounds rates to one decimal', () => {
    expect(formatRate(12.345)).toBe('12.3/s');
  });
});
