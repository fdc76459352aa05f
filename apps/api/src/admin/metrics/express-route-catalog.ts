import type { INestApplication } from '@nestjs/common';

import type { RouteCatalog } from './route-label.js';

interface ExpressRoute {
  path: unknown;
  methods: Record<string, boolean | undefined>;
}
interface ExpressApp {
  router?: { stack: readonly { route?: ExpressRoute }[] };
}

/**
 * True for a template that matches every path (`{/*splat}`, `/{*any}`, `/*path`): Nest registers middleware for
 * all routes that way, and Express then reports it as the route of a request no controller matched. It is not a
 * route: nothing but wildcards, slashes and braces.
 */
const isCatchAll = (template: string): boolean => template.replace(/\*\w*|[{}/]/g, '') === '';

/**
 * The route templates registered on a Nest Express app, read from its router (Express 5: `app.router.stack`).
 * Nest registers routes when the app initialises, so the table is (re)built whenever the router has grown.
 */
export function expressRouteCatalog(app: INestApplication): RouteCatalog {
  let seenLayers = -1;
  let routes = new Map<string, ExpressRoute['methods']>();
  const table = (): Map<string, ExpressRoute['methods']> => {
    const stack = (app.getHttpAdapter().getInstance() as ExpressApp).router?.stack ?? [];
    if (stack.length === seenLayers) {
      return routes;
    }
    seenLayers = stack.length;
    routes = new Map();
    for (const { route } of stack) {
      if (route && typeof route.path === 'string' && !isCatchAll(route.path)) {
        routes.set(route.path, { ...routes.get(route.path), ...route.methods });
      }
    }
    return routes;
  };
  return {
    matches(method, route) {
      const methods = table().get(route);
      if (!methods) {
        return false;
      }
      const name = method.toLowerCase();
      // Express answers HEAD with the GET handler: https://github.com/pillarjs/router/blob/v2.2.0/lib/route.js#L54
      return methods._all === true || methods[name] === true || (name === 'head' && methods.get === true);
    },
  };
}
