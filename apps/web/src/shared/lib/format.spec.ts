import { ageMs, formatDuration, formatRate, formatRelative, formatTimestamp } from './format.js';

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

describe('formatRelative', () => {
  const now = Date.UTC(2026, 0, 2);
  it.each([
    [now - 2000, 'just now'],
    [now - 12_000, '12 s ago'],
    [now - 5 * 60_000, '5 min ago'],
    [now - 3 * 3_600_000, '3 h ago'],
    [now - 2 * 86_400_000, '2 d ago'],
  ])('says how long ago %p was', (at, text) => {
    expect(formatRelative(new Date(at).toISOString(), now)).toBe(text);
  });

  it('shows a dash for a missing time', () => {
    expect(formatRelative(null, now)).toBe('–');
  });
});
