/**
 * Roles of admin tokens: a `viewer` reads (state, runs, audit, instances, live feed); an `operator` also drains,
 * resumes and stops. Any other call with a viewer token is answered 403 `FORBIDDEN_ROLE`.
 */
export const ADMIN_ROLES = ['operator', 'viewer'] as const;

/** `operator` or `viewer`. */
export type AdminRole = (typeof ADMIN_ROLES)[number];
