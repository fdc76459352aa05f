/**
 * Text Postgres cannot store, in one place: NUL (allowed neither in `text` nor in `jsonb` strings) and UTF-16
 * surrogates that are not part of a pair (no UTF-8 encoding: jsonb rejects them with 22P02). The admin API refuses
 * such text with 400 before a run exists (admin/json-body-rules.ts); the run recorder replaces it before writing,
 * so no run can ever fail on its content.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- NUL is exactly what this must find
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Why Postgres cannot store `value` as text or jsonb, or null when it can. */
export function unstorableText(value: string): string | null {
  // https://www.postgresql.org/docs/current/datatype-character.html
  if (value.includes('\u0000')) {
    return 'must not contain NUL characters';
  }
  if (LONE_SURROGATE.test(value)) {
    return 'must be well-formed Unicode (no lone surrogates)';
  }
  return null;
}

/** `text` with every character Postgres cannot store replaced by U+FFFD (the replacement character). */
export function toStorableText(text: string): string {
  return unstorableText(text) === null ? text : text.replace(UNSTORABLE, '\uFFFD');
}

/** A copy of a JSON-like value with every string (keys included) made storable. */
export function toStorable<T>(value: T): T {
  if (typeof value === 'string') {
    return toStorableText(value) as T;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => toStorable(item)) as T;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [toStorableText(key), toStorable(item)]),
    ) as T;
  }
  return value;
}
