import { isTimestamp } from './is-timestamp.js';

describe('isTimestamp', () => {
  it.each([
    '2024-01-31',
    '2024-02-29',
    '2024-01-31T12:00Z',
    '2024-01-31T12:00:00Z',
    '2024-01-31t12:00:00z',
    '2024-01-31T12:00:00.123Z',
    '2024-01-31T12:00:00.123456+02:00',
    '2024-01-31T23:59:59-11:30',
  ])('accepts %s', (value) => {
    expect(isTimestamp(value)).toBe(true);
  });

  it.each([
    ['an ISO week date', '2024-W01-1'],
    ['an ISO week', '2024-W01'],
    ['an ordinal date', '2024-001'],
    ['a basic-format date', '20240101'],
    ['30 February', '2024-02-30'],
    ['29 February of a common year', '2023-02-29'],
    ['month 13', '2024-13-01'],
    ['hour 24', '2024-01-01T24:00:00Z'],
    ['a local time without offset', '2024-01-01T12:00:00'],
    ['year 0', '0000-01-01'],
    ['an extended year', '+275760-09-13T00:00:00Z'],
    ['a word', 'yesterday'],
    ['trailing text', '2024-01-01Z; DROP TABLE drain_runs'],
    ['an empty string', ''],
    ['a number', 1704067200000],
    ['an array', ['2024-01-01']],
  ])('rejects %s', (_name, value) => {
    expect(isTimestamp(value)).toBe(false);
  });
});
