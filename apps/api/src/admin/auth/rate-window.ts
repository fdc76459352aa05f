/** Result of counting one event against a `RateWindow`. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Addresses tracked at most; the oldest window is forgotten first, so memory stays bounded under a scan. */
export const MAX_TRACKED_KEYS = 10_000;

/**
 * At most `limit` events per key in a fixed window of `windowMs`: a pure policy (time is passed in), used for
 * failed authentications, admin reads and live-feed handshakes per client address.
 */
export class RateWindow {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = MAX_TRACKED_KEYS,
  ) {}

  /** Counts one event for `key` at `now` and says whether it is within the limit. */
  hit(key: string, now: number): RateDecision {
    const window = this.current(key, now) ?? this.open(key, now);
    window.count += 1;
    return this.decide(window, now);
  }

  /** Whether `key` is over the limit at `now`, without counting anything. */
  check(key: string, now: number): RateDecision {
    const window = this.current(key, now);
    return window ? this.decide(window, now) : { allowed: true };
  }

  /** Number of keys currently tracked. */
  get size(): number {
    return this.windows.size;
  }

  private decide(window: { count: number; resetAt: number }, now: number): RateDecision {
    if (window.count <= this.limit) {
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
  }

  private current(key: string, now: number): { count: number; resetAt: number } | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt > now) {
      return window;
    }
    if (window) {
      this.windows.delete(key);
    }
    return undefined;
  }

  private open(key: string, now: number): { count: number; resetAt: number } {
    if (this.windows.size >= this.maxKeys) {
      this.evict(now);
    }
    const window = { count: 0, resetAt: now + this.windowMs };
    this.windows.set(key, window);
    return window;
  }

  /** Drops expired windows; if none expired, the oldest one (Map keeps insertion order). */
  private evict(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) {
        this.windows.delete(key);
      }
    }
    if (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) {
        this.windows.delete(oldest.value);
      }
    }
  }
}
