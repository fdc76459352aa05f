import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import type { DrainPreview, GraceCheck } from '@drainboard/contracts';
import { DrainService } from '@drainboard/drain';

import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { DurationHistoryService } from './duration-history.service.js';
import { graceCheck, graceLogLine } from './grace-check.js';
import { predictRequest } from './predict-request.js';
import type { RouteDurations } from './route-durations.js';

/**
 * Predictions of what a drain would do: the recent durations of each route (this process's finished requests,
 * and the stored ones of earlier processes), a dry run of a drain started now, and the grace check, logged once
 * at boot (after the stored durations are loaded).
 */
@Injectable()
export class PreviewService implements OnApplicationBootstrap {
  private readonly logger = new Logger('GraceCheck');
  private readonly durations: RouteDurations;

  constructor(
    private readonly drain: DrainService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly history: DurationHistoryService,
  ) {
    this.durations = history.durations;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.history.loaded();
    const check = this.grace();
    const line = graceLogLine(check);
    if (check.warnings.length > 0) {
      this.logger.warn(line);
    } else {
      this.logger.log(line);
    }
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
      .map((request) => ({
        ...predictRequest(request, now, this.durations.durations(request.route), effective),
        estimateSource: this.durations.source(request.route),
      }))
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
      history: this.history.status(),
      grace: this.grace(run && running ? run.deadlineMs : this.config.drainDeadlineMs),
    };
  }
}
