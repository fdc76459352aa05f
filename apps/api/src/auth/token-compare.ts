import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented token with the expected one in constant time: both are hashed to equal-length
 * SHA-256 digests first, so neither the content nor the length of the secret leaks through timing.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/** Result of reading an `Authorization` header. */
export type BearerHeader = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'token'; token: string };

/** Reads `Authorization: Bearer <token>` (scheme case-insensitive, one token of visible characters). */
export function parseBearer(header: string | string[] | undefined): BearerHeader {
  if (header === undefined || header === '') return { kind: 'missing' };
  if (Array.isArray(header)) return { kind: 'malformed' };
  const match = /^Bearer +([\x21-\x7e]+)$/i.exec(header.trim());
  return match?.[1] ? { kind: 'token', token: match[1] } : { kind: 'malformed' };
}
