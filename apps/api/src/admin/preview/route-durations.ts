import type { EstimateSource, RouteEstimate } from '@drainboard/contracts';

import { quantile } from './quantile.js';

/** Durations kept per route (the newest). */
export const ROUTE_WINDOW = 100;
/** Routes remembered; the least recently finished one is forgotten first, so raw paths cannot grow memory. */
export const MAX_ROUTES = 200;

/** A route's durations as stored by an earlier process (see DurationHistory). */
export interface StoredRoute {
  route: string;
  /** Oldest first. */
  durations: readonly number[];
  updatedAt: string;
}

/** What a route recorded since the last `takeUnsaved`, with its whole window, ready to be stored. */
export interface UnsavedRoute {
  route: string;
  /** The window (stored durations first, then live ones), oldest first. */
  durations: number[];
  /** Requests finished since the last save. */
  finished: number;
}

interface RouteWindow {
  /** Durations loaded from history, oldest first: they make room for live ones. */
  history: number[];
  historyUpdatedAt: string | null;
  /** Durations of this process's finished requests, oldest first. */
  live: number[];
  /** Requests finished since the last save. */
  unsaved: number;
}

function sourceOf(window: RouteWindow): EstimateSource | null {
  if (window.live.length > 0) {
    return window.history.length > 0 ? 'blended' : 'live';
  }
  return window.history.length > 0 ? 'history' : null;
}

/** Removes the first `count` items (one, on the hot path, without the array `splice` would return). */
function dropOldest(items: number[], count: number): void {
  if (count === 1) {
    items.shift();
  } else if (count > 1) {
    items.splice(0, count);
  }
}

/**
 * Recent durations of finished requests, per route, bounded in routes and in durations per route. A route's
 * window holds this process's durations (`live`) and, for the rest of the window, the ones stored by earlier
 * processes (`history`, seeded at boot): each live duration pushes out the oldest stored one first, so after
 * `window` live requests a route is estimated from live durations only.
 */
export class RouteDurations {
  private readonly routes = new Map<string, RouteWindow>();
  /** The most recently touched route (the last key of `routes`) and its window. */
  private newestRoute: string | null = null;
  private newest: RouteWindow | null = null;

  constructor(
    private readonly window = ROUTE_WINDOW,
    private readonly maxRoutes = MAX_ROUTES,
  ) {}

  /** Records one finished request of `route` that took `durationMs`. */
  record(route: string, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) {
      return;
    }
    const entry = this.touch(route);
    entry.live.push(durationMs);
    entry.unsaved += 1;
    this.trim(entry);
  }

  /**
   * Seeds routes with stored durations (most recently stored last, so they are forgotten last). Live durations
   * already recorded for a route keep their place; the stored ones fill the rest of its window.
   */
  seed(stored: readonly StoredRoute[]): void {
    for (const { route, durations, updatedAt } of stored) {
      const entry = this.touch(route);
      entry.history = durations.filter((ms) => Number.isFinite(ms) && ms >= 0).slice(-this.window);
      entry.historyUpdatedAt = entry.history.length > 0 ? updatedAt : null;
      this.trim(entry);
    }
  }

  /** Recent durations of `route`, oldest first (empty when none). */
  durations(route: string): readonly number[] {
    const entry = this.routes.get(route);
    return entry ? [...entry.history, ...entry.live] : [];
  }

  /** Where the durations of `route` come from; null when it has none. */
  source(route: string): EstimateSource | null {
    const entry = this.routes.get(route);
    return entry ? sourceOf(entry) : null;
  }

  /** Median, p90 and max of every route with durations, slowest (p90) first. */
  estimates(): RouteEstimate[] {
    return [...this.routes.entries()]
      .flatMap(([route, entry]) => {
        const source = sourceOf(entry);
        if (source === null) {
          return [];
        }
        const sorted = [...entry.history, ...entry.live].sort((a, b) => a - b);
        return [
          {
            route,
            samples: sorted.length,
            liveSamples: entry.live.length,
            historySamples: entry.history.length,
            source,
            historyUpdatedAt: entry.history.length > 0 ? entry.historyUpdatedAt : null,
            medianMs: quantile(sorted, 0.5),
            p90Ms: quantile(sorted, 0.9),
            maxMs: sorted.at(-1) ?? null,
          },
        ];
      })
      .sort((a, b) => (b.p90Ms ?? 0) - (a.p90Ms ?? 0));
  }

  /** The routes with requests finished since the last call, and resets their count (see `restore`). */
  takeUnsaved(): UnsavedRoute[] {
    const unsaved: UnsavedRoute[] = [];
    for (const [route, entry] of this.routes) {
      if (entry.unsaved > 0) {
        unsaved.push({ route, durations: [...entry.history, ...entry.live], finished: entry.unsaved });
        entry.unsaved = 0;
      }
    }
    return unsaved;
  }

  /** Puts back the counts of a `takeUnsaved` that could not be stored, so the next save includes them. */
  restore(unsaved: readonly UnsavedRoute[]): void {
    for (const { route, finished } of unsaved) {
      const entry = this.routes.get(route);
      if (entry) {
        entry.unsaved += finished;
      }
    }
  }

  /** The route's window, moved to the most recent end of the Map's order (its first key is the least recent). */
  private touch(route: string): RouteWindow {
    // Requests of one route in a row (the usual case under load) leave the order as it is.
    if (route === this.newestRoute && this.newest !== null) {
      return this.newest;
    }
    const entry = this.routes.get(route) ?? { history: [], historyUpdatedAt: null, live: [], unsaved: 0 };
    this.routes.delete(route);
    this.routes.set(route, entry);
    if (this.routes.size > this.maxRoutes) {
      const oldest = this.routes.keys().next().value;
      if (oldest !== undefined) {
        this.routes.delete(oldest);
      }
    }
    const kept = this.routes.get(route) === entry;
    this.newestRoute = kept ? route : null;
    this.newest = kept ? entry : null;
    return entry;
  }

  /** Live durations push out stored ones first, then the oldest live ones. */
  private trim(entry: RouteWindow): void {
    const excess = entry.history.length + entry.live.length - this.window;
    if (excess <= 0) {
      return;
    }
    const fromHistory = Math.min(excess, entry.history.length);
    dropOldest(entry.history, fromHistory);
    dropOldest(entry.live, excess - fromHistory);
    if (entry.history.length === 0) {
      entry.historyUpdatedAt = null;
    }
  }
}
