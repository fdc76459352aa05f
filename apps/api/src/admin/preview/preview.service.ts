import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';

import type { DrainPreview, GraceCheck } from '@drainboard/contracts';
import { DrainService } from '@drainboard/drain';

import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { graceCheck, graceLogLine } from './grace-check.js';
import { predictRequest } from './predict-request.js';
import { RouteDurations } from './route-durations.js';

/**
 * Predictions of what a drain would do: the recent durations of each route (from every finished request), a dry
 * run of a drain started now, and the grace check, logged once at boot.
 */
@Injectable()
export class PreviewService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('GraceCheck');
  private readonly durations = new RouteDurations();
  private subscription: Subscription | null = null;

  constructor(
    private readonly drain: DrainService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.subscription = this.drain.events$.subscribe((event) => {
      if (event.type === 'request-end') {
        this.durations.record(event.route, event.durationMs);
      }
    });
  }

  onApplicationBootstrap(): void {
    const check = this.grace();
    const line = graceLogLine(check);
    if (check.warnings.length > 0) {
      this.logger.warn(line);
    } else {
      this.logger.log(line);
    }
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** The grace check for a drain with `deadlineMs` (default `DRAIN_DEADLINE_MS`). */
  grace(deadlineMs = this.config.drainDeadlineMs): GraceCheck {
    return graceCheck({
      deadlineMs,
      lbDelayMs: this.config.drainLbDelayMs,
      hooksBudgetMs: this.config.drainHookTimeoutMs,
      gracePeriodMs: this.config.drainGracePeriodMs,
      routes: this.durations.estimates(),
    });
  }

  /**
   * What a drain started now with `deadlineMs` would cut. Without a deadline: what is left of the run in progress,
   * else `DRAIN_DEADLINE_MS`.
   */
  preview(deadlineMs?: number): DrainPreview {
    const now = Date.now();
    const run = this.drain.currentRun();
    const running = run !== null && run.finishedAt === null;
    const remaining = running ? Math.max(0, Date.parse(run.startedAt) + run.deadlineMs - now) : null;
    const effective = deadlineMs ?? remaining ?? this.config.drainDeadlineMs;
    const requests = this.drain
      .inFlight()
      .map((request) => predictRequest(request, now, this.durations.durations(request.route), effective))
      .sort((a, b) => b.ageMs - a.ageMs);
    return {
      at: new Date(now).toISOString(),
      instanceId: this.drain.instanceId,
      state: this.drain.state,
      deadlineMs: effective,
      duringRun: deadlineMs === undefined && remaining !== null,
      inFlight: requests.length,
      willBeCut: requests.filter((request) => request.verdict === 'cut').length,
      unknown: requests.filter((request) => request.verdict === 'unknown').length,
      requests,
      routes: this.durations.estimates(),
      grace: this.grace(run && running ? run.deadlineMs : this.config.drainDeadlineMs),
    };
  }
}
