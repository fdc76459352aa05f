import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable, Logger, type Type } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';

/** Name of the demo job in the `SchedulerRegistry`. */
export const DEMO_JOB_NAME = 'demo-job';

/** How long one execution of the demo job works (async), so a drain can catch one running. */
export const DEMO_JOB_WORK_MS = 300;

/** A periodic background job doing a little async work, so background work shows up during a drain. */
@Injectable()
export class DemoJob {
  private readonly logger = new Logger('DemoJob');
  private executions = 0;

  /** Number of executions that ran to completion. */
  get completed(): number {
    return this.executions;
  }

  /** One execution: pretends to flush a small batch. */
  async tick(): Promise<void> {
    await sleep(DEMO_JOB_WORK_MS);
    this.executions += 1;
    this.logger.debug(`execution ${this.executions} done`);
  }
}

/**
 * A `DemoJob` subclass whose `tick` is scheduled with `@Interval` every `intervalMs`. The period comes
 * from config at boot, so the decorator is applied here rather than written on the class.
 */
export function createDemoJob(intervalMs: number): Type<DemoJob> {
  @Injectable()
  class ScheduledDemoJob extends DemoJob {
    @Interval(DEMO_JOB_NAME, intervalMs)
    override tick(): Promise<void> {
      return super.tick();
    }
  }
  return ScheduledDemoJob;
}
