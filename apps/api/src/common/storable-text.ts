import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Text Postgres cannot store: NUL (not allowed in `text` nor in `jsonb` strings) and UTF-16 surrogates that are
 * not part of a pair (they have no UTF-8 encoding; the insert fails with 22P02 or 22021).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this must find
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** True when Postgres can store `text` as it is. */
export function isStorableText(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  return !UNSTORABLE.test(text);
}

/** `text` with every character Postgres cannot store replaced by U+FFFD (the replacement character). */
export function toStorableText(text: string): string {
  return isStorableText(text) ? text : text.replace(UNSTORABLE, '\uFFFD');
}

/** A copy of a JSON-like value with every string (keys included) made storable. */
export function toStorable<T>(value: T): T {
  if (typeof value === 'string') return toStorableText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => toStorable(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [toStorableText(key), toStorable(item)]),
    ) as T;
  }
  return value;
}

/** class-validator: the string holds nothing Postgres cannot store (NUL, unpaired surrogates). */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || isStorableText(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must not contain NUL characters or unpaired UTF-16 surrogates`,
      },
    },
    options,
  );
}
