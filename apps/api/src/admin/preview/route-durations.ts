import type { RouteEstimate } from '@drainboard/contracts';

import { quantile } from './quantile.js';

/** Durations kept per route (the newest). */
export const ROUTE_WINDOW = 100;
/** Routes remembered; the least recently finished one is forgotten first, so raw paths cannot grow memory. */
export const MAX_ROUTES = 200;

/** Recent durations of finished requests, per route, bounded in routes and in durations per route. */
export class RouteDurations {
  private readonly routes = new Map<string, number[]>();

  constructor(
    private readonly window = ROUTE_WINDOW,
    private readonly maxRoutes = MAX_ROUTES,
  ) {}

  /** Records one finished request of `route` that took `durationMs`. */
  record(route: string, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) {
      return;
    }
    const durations = this.routes.get(route) ?? [];
    // Re-inserting moves the route to the end of the Map's order: the first key is the least recent one.
    this.routes.delete(route);
    durations.push(durationMs);
    if (durations.length > this.window) {
      durations.shift();
    }
    this.routes.set(route, durations);
    if (this.routes.size > this.maxRoutes) {
      const oldest = this.routes.keys().next().value;
      if (oldest !== undefined) {
        this.routes.delete(oldest);
      }
    }
  }

  /** Recent durations of `route`, oldest first (empty when none). */
  durations(route: string): readonly number[] {
    return this.routes.get(route) ?? [];
  }

  /** Median, p90 and max of every route with durations, slowest (p90) first. */
  estimates(): RouteEstimate[] {
    return [...this.routes.entries()]
      .map(([route, durations]) => {
        const sorted = [...durations].sort((a, b) => a - b);
        return {
          route,
          samples: sorted.length,
          medianMs: quantile(sorted, 0.5),
          p90Ms: quantile(sorted, 0.9),
          maxMs: sorted.at(-1) ?? null,
        };
      })
      .sort((a, b) => (b.p90Ms ?? 0) - (a.p90Ms ?? 0));
  }
}
