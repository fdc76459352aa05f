import { Injectable, Optional } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

import { DrainService } from '@drainboard/drain';

import { errorMessage } from '../../shared/common/error-message.js';
import { within } from '../../shared/common/within.js';
import { DatabasePingRepository } from './database-ping.repository.js';

/** A ping slower than this counts as a failure. */
export const DB_PING_TIMEOUT_MS = 1000;
/** Consecutive failed pings, while serving, before readiness goes red because of the database. */
export const DB_FAILURES_BEFORE_DOWN = 3;

/**
 * Reports Postgres on the readiness check without letting a blink flip readiness:
 * - a failed or slow ping is reported as `degraded` (overall status `degraded`, HTTP 200);
 * - only `DB_FAILURES_BEFORE_DOWN` consecutive failures while `serving` make it `down` (HTTP 503);
 * - while draining/drained/stopping it is never `down`: the drain indicator already decides readiness there,
 *   and a database blink must not change what the balancer sees during or after a drain (runs are spooled).
 * Pings are single-flight, so frequent probes never pile queries onto a slow database.
 */
@Injectable()
export class DatabaseHealthIndicator {
  private failures = 0;
  private pending: Promise<number> | null = null;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly drain: DrainService,
    @Optional() private readonly db?: DatabasePingRepository,
  ) {}

  /** The indicator result under `key`. */
  async isHealthy<const Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    if (!this.db) {
      return session.up({ configured: false });
    }
    try {
      const responseTimeMs = await this.pingOnce();
      this.failures = 0;
      return session.up({ responseTimeMs });
    } catch (error) {
      this.failures += 1;
      const data = {
        message: errorMessage(error),
        failures: this.failures,
      };
      const down = this.drain.state === 'serving' && this.failures >= DB_FAILURES_BEFORE_DOWN;
      return down ? session.down(data) : session.degraded(data);
    }
  }

  private pingOnce(): Promise<number> {
    this.pending ??= this.timedPing(this.db!).finally(() => (this.pending = null));
    return this.pending;
  }

  private async timedPing(db: DatabasePingRepository): Promise<number> {
    const started = performance.now();
    await within(db.ping(), DB_PING_TIMEOUT_MS, `no answer within ${DB_PING_TIMEOUT_MS} ms`);
    return Math.round((performance.now() - started) * 10) / 10;
  }
}
