import { ADMIN_ROLES, type AdminRole } from '@drainboard/contracts';

import { maskSecret } from './config-error.js';
import type { EnvReader } from './env-reader.js';

/** A named admin token from `ADMIN_TOKENS`. */
export interface NamedToken {
  name: string;
  role: AdminRole;
  token: string;
}

/** Name given to the `ADMIN_TOKEN` operator (in audit entries and run triggers). */
export const ADMIN_TOKEN_NAME = 'admin';

/** Shortest token accepted in production (`ADMIN_TOKEN` and every `ADMIN_TOKENS` entry). */
export const MIN_PRODUCTION_TOKEN_LENGTH = 16;

const NAME = /^[A-Za-z0-9][\w.@-]{0,63}$/;
const TOKEN = /^[\x21-\x2b\x2d-\x7e]+$/;

/** Why `token` is refused, or null. */
export function tokenProblem(token: string, production: boolean): string | null {
  if (!TOKEN.test(token)) {
    return 'must be visible ASCII characters without spaces or commas';
  }
  if (production && token.length < MIN_PRODUCTION_TOKEN_LENGTH) {
    return `must be at least ${MIN_PRODUCTION_TOKEN_LENGTH} characters when NODE_ENV=production`;
  }
  return null;
}

/**
 * Reads `ADMIN_TOKENS`: comma-separated `name:role:token` entries, role `operator` or `viewer`. Names are
 * unique (and not `admin` when `ADMIN_TOKEN` is set), tokens are unique (`ADMIN_TOKEN` included); problems name the entry, never the
 * token itself (masked).
 */
export function readNamedTokens(
  reader: EnvReader,
  production: boolean,
  adminToken: string | undefined,
): NamedToken[] {
  const raw = reader.raw('ADMIN_TOKENS');
  if (raw === undefined) {
    return [];
  }
  const tokens: NamedToken[] =
    adminToken === undefined ? [] : [{ name: ADMIN_TOKEN_NAME, role: 'operator', token: adminToken }];
  const fromAdminToken = tokens.length;
  const fail = (index: number, message: string): void =>
    reader.fail('ADMIN_TOKENS', `entry ${index + 1} ${message}`);
  raw.split(',').forEach((entry, index) => {
    const [name = '', role = '', ...rest] = entry.trim().split(':');
    const token = rest.join(':');
    if (!NAME.test(name)) {
      return fail(index, 'must start with a name of letters, digits, ".", "_", "@" or "-"');
    }
    if (!(ADMIN_ROLES as readonly string[]).includes(role)) {
      return fail(index, `("${name}") must have the role ${ADMIN_ROLES.join(' or ')} (name:role:token)`);
    }
    const problem = tokenProblem(token, production);
    if (problem) {
      return fail(index, `("${name}") token ${problem} (got "${maskSecret(token)}")`);
    }
    if (tokens.some((other) => other.name === name)) {
      return fail(index, `("${name}") reuses a name already taken`);
    }
    if (tokens.some((other) => other.token === token)) {
      return fail(index, `("${name}") reuses another token`);
    }
    tokens.push({ name, role: role as AdminRole, token });
  });
  return tokens.slice(fromAdminToken);
}
