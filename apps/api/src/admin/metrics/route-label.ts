/** `route` label of a request that matched no route of the traffic app (any unknown path). */
export const UNMATCHED_ROUTE = 'unmatched';

/** `method` label of a request whose method is not one of `STANDARD_METHODS` (OpenTelemetry's rule). */
export const OTHER_METHOD = '_OTHER';

/** The `method` label values kept as they are: RFC 9110's methods plus PATCH. */
export const STANDARD_METHODS: ReadonlySet<string> = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);

/** The routes an application serves: what may appear as a `route` label. */
export interface RouteCatalog {
  /** True when `route` is one of the app's route templates and it answers `method` there. */
  matches(method: string, route: string): boolean;
}

/** Injection token of the traffic app's `RouteCatalog` in the admin app. */
export const TRAFFIC_ROUTES = Symbol.for('drainboard.traffic-routes');

/** A catalogue without routes: every request is `unmatched` (an admin app built without a traffic app). */
export const NO_ROUTES: RouteCatalog = { matches: () => false };

/** The `method` label: the method itself when standard, else `_OTHER`. */
export function methodLabel(method: string): string {
  return STANDARD_METHODS.has(method) ? method : OTHER_METHOD;
}

/**
 * The `route` label: the matched route template (`/demo/slow`), or `unmatched`. The drain library reports an
 * unrouted request by its raw path, so the label is only kept when it is one of the app's own templates for that
 * method: no request can add a label value, whatever its path.
 */
export function routeLabel(catalog: RouteCatalog, method: string, route: string): string {
  return catalog.matches(method, route) ? route : UNMATCHED_ROUTE;
}
