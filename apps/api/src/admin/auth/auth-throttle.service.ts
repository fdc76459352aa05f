import type { AdminLimits } from '../../shared/config/admin-limits.js';
import { type RateDecision, RateWindow } from './rate-window.js';

const MINUTE_MS = 60_000;

/** Seconds to wait when refused, or null when allowed. */
const retryAfter = (decision: RateDecision): number | null =>
  decision.allowed ? null : decision.retryAfterSeconds;

/**
 * Per-address limits of the admin port, shared by the HTTP guard and the live-feed handshake: failed
 * authentications (an address over the limit is refused everything that needs a token until its window ends,
 * so guessing stops even when a guess is right) and authenticated reads. Provided by `AuthModule`.
 */
export class AuthThrottle {
  private readonly failures: RateWindow;
  private readonly reads: RateWindow;

  constructor(
    limits: AdminLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.failures = new RateWindow(limits.authFailuresPerMinute, MINUTE_MS);
    this.reads = new RateWindow(limits.adminReadsPerMinute, MINUTE_MS);
  }

  /** Retry-After seconds while `key` is blocked for failed authentications, else null. */
  blocked(key: string): number | null {
    return retryAfter(this.failures.check(key, this.now()));
  }

  /** Counts a failed authentication; Retry-After seconds once it puts `key` over the limit, else null. */
  failed(key: string): number | null {
    return retryAfter(this.failures.hit(key, this.now()));
  }

  /** Counts an authenticated read; Retry-After seconds once `key` is over the read limit, else null. */
  read(key: string): number | null {
    return retryAfter(this.reads.hit(key, this.now()));
  }
}
