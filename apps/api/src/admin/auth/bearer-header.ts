/** Result of reading an `Authorization` header. */
export type BearerHeader = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'token'; token: string };

/** Reads `Authorization: Bearer <token>` (scheme case-insensitive, one token of visible characters). */
export function parseBearer(header: string | string[] | undefined): BearerHeader {
  if (header === undefined || header === '') {
    return { kind: 'missing' };
  }
  if (Array.isArray(header)) {
    return { kind: 'malformed' };
  }
  const match = /^Bearer +([\x21-\x7e]+)$/i.exec(header.trim());
  return match?.[1] ? { kind: 'token', token: match[1] } : { kind: 'malformed' };
}
