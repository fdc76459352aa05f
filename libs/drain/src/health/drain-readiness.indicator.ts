import { Injectable } from '@nestjs/common';

import type { InstanceState } from '@drainboard/contracts';

import { DrainService } from '../drain.service.js';

/** Same shape as @nestjs/terminus's HealthIndicatorResult, so it plugs into HealthCheckService.check(). */
export type DrainReadinessResult<Key extends string> = Record<
  Key,
  { status: 'up' | 'down'; state: InstanceState; inFlight: number }
>;

/**
 * Terminus-style readiness indicator: `up` while serving, `down` from the `unready` stage on
 * (terminus answers 503 for a `down` indicator).
 *
 * @example health.check([() => readiness.isHealthy('drain')])
 */
@Injectable()
export class DrainReadinessIndicator {
  constructor(private readonly drain: DrainService) {}

  isHealthy<const Key extends string>(key: Key): DrainReadinessResult<Key> {
    const status = this.drain.ready ? 'up' : 'down';
    return {
      [key]: { status, state: this.drain.state, inFlight: this.drain.inFlightCount() },
    } as DrainReadinessResult<Key>;
  }
}
