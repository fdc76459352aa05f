import { type InFlightRequest, LIVE_MAX_LISTED_REQUESTS } from '@drainboard/contracts';

/** What changed in the listed in-flight requests since the previous `diff`. */
export interface InFlightChanges {
  added: InFlightRequest[];
  finished: string[];
}

/**
 * Keeps the set of in-flight requests published to live clients and diffs it against the engine's current list,
 * so changes coalesce per tick: a request that started and finished between two ticks never shows up.
 * At most `maxListed` requests are listed; the rest are counted only.
 */
export class InFlightDiffer {
  private readonly listed = new Map<string, InFlightRequest>();

  /** @param maxListed most requests listed at once (@default LIVE_MAX_LISTED_REQUESTS) */
  constructor(private readonly maxListed: number = LIVE_MAX_LISTED_REQUESTS) {}

  /** Updates the listed set to `current` (oldest first) and returns the changes. */
  diff(current: readonly InFlightRequest[]): InFlightChanges {
    const currentIds = new Set(current.map((request) => request.id));
    const finished: string[] = [];
    for (const id of this.listed.keys()) {
      if (!currentIds.has(id)) {
        finished.push(id);
      }
    }
    for (const id of finished) {
      this.listed.delete(id);
    }
    const added: InFlightRequest[] = [];
    for (const request of current) {
      if (this.listed.size >= this.maxListed) {
        break;
      }
      if (this.listed.has(request.id)) {
        continue;
      }
      this.listed.set(request.id, request);
      added.push(request);
    }
    return { added, finished };
  }

  /** The listed requests, oldest first, as clients know them after the last `diff`. */
  listedRequests(): InFlightRequest[] {
    return [...this.listed.values()];
  }
}
