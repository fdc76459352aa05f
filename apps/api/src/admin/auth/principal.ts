import type { IncomingMessage } from 'node:http';

import type { Principal } from './admin-tokens.service.js';

const PRINCIPAL = Symbol('drainboard.principal');

type WithPrincipal = IncomingMessage & { [PRINCIPAL]?: Principal };

/** Remembers who an authenticated request comes from (set by `AdminAuthGuard`). */
export function setPrincipal(req: IncomingMessage, principal: Principal): void {
  (req as WithPrincipal)[PRINCIPAL] = principal;
}

/** Who an authenticated request comes from; undefined before the guard ran or for public routes. */
export function principalOf(req: IncomingMessage): Principal | undefined {
  return (req as WithPrincipal)[PRINCIPAL];
}
