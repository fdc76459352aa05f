/** A page of the console. */
export type Route = { page: 'live' } | { page: 'history'; runId: string | null } | { page: 'fleet' };

/** Reads a `location.hash`; anything unknown is the live page. */
export function parseRoute(hash: string): Route {
  const [page, id] = hash.replace(/^#\/?/, '').split('/');
  if (page === 'history') {
    return { page: 'history', runId: id ? decodeURIComponent(id) : null };
  }
  if (page === 'fleet') {
    return { page: 'fleet' };
  }
  return { page: 'live' };
}

/** The `href` of a route. */
export function routeHash(route: Route): string {
  if (route.page === 'live') {
    return '#/live';
  }
  if (route.page === 'fleet') {
    return '#/fleet';
  }
  return route.runId ? `#/history/${encodeURIComponent(route.runId)}` : '#/history';
}
