import { useCallback, useEffect, useState } from 'react';

import { parseRoute, type Route, routeHash } from '../lib/route.js';

/** The console's page from `location.hash` (`#/live`, `#/history`, `#/history/<runId>`), and a way to go to one. */
export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((next: Route) => {
    window.location.hash = routeHash(next);
  }, []);
  return [route, go];
}
