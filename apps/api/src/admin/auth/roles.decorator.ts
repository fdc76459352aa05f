import { SetMetadata } from '@nestjs/common';

import type { AdminRole } from '@drainboard/contracts';

/** Metadata key set by `@Roles()`. */
export const ROLES_KEY = 'drainboard:roles';

/**
 * The roles allowed on a handler or controller. Without it: `GET`/`HEAD` are open to every role, any other
 * method needs `operator`, so a new mutating route is operator-only by default.
 */
export const Roles = (...roles: AdminRole[]): ClassDecorator & MethodDecorator =>
  SetMetadata(ROLES_KEY, roles);

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The roles that may call `method` on a route with `declared` roles (undefined when not decorated). */
export function allowedRoles(
  method: string | undefined,
  declared: readonly AdminRole[] | undefined,
): readonly AdminRole[] {
  if (declared) {
    return declared;
  }
  return READ_METHODS.has(method ?? '') ? ['operator', 'viewer'] : ['operator'];
}
