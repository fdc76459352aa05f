import { Injectable } from '@nestjs/common';
import { type HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

import { DrainReadinessIndicator, DrainService } from '@drainboard/drain';

import { DatabaseHealthIndicator } from './database.indicator.js';

/** Liveness and readiness of the instance (see `DatabaseHealthIndicator` for how the database counts). */
@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly drain: DrainService,
    private readonly drainReadiness: DrainReadinessIndicator,
    private readonly database: DatabaseHealthIndicator,
  ) {}

  /** Up while the process can answer at all, whatever its drain state. */
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicators
          .check('process')
          .up({ state: this.drain.state, uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  /** Up while serving; down (503) from the `unready` stage of a drain until resume. */
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.drainReadiness.isHealthy('drain'),
      () => this.database.isHealthy('database'),
    ]);
  }
}
