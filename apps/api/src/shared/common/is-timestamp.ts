import { ValidateBy, type ValidationOptions } from 'class-validator';

/** `2024-01-31`, `2024-01-31T12:00Z`, `2024-01-31T12:00:00.123+02:00`: RFC 3339 dates and date-times. */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/i;

/**
 * True for an RFC 3339 date (`2024-01-31`, UTC midnight) or date-time with an offset, whose every field is in
 * range (no 30 February, no hour 24): what both JavaScript's `Date` and Postgres read the same way. ISO 8601's
 * other forms (`2024-W01-1`, `2024-001`, `20240101`) and local times without an offset are refused.
 */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  const match = TIMESTAMP.exec(value);
  if (!match) {
    return false;
  }
  const part = (index: number): number => Number(match[index] ?? 0);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map(part) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    part(7) < 24 &&
    part(8) < 60
  );
}

/** class-validator decorator for `isTimestamp`. */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimestamp',
      validator: {
        validate: (value) => isTimestamp(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an RFC 3339 date or date-time with an offset, e.g. 2024-01-31T12:00:00Z`,
      },
    },
    options,
  );
}
