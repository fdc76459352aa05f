/** Most distinct `route` label values kept per metric family; further routes are counted as `other`. */
export const MAX_ROUTE_LABELS = 100;

/**
 * Bounds the cardinality of the `route` label: unrouted requests carry their raw path, so a scan of random
 * URLs would otherwise create a time series per URL.
 */
export class RouteLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly max = MAX_ROUTE_LABELS) {}

  /** The label to use for `route`. */
  label(route: string): string {
    if (this.seen.has(route)) return route;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(route);
    return route;
  }
}
