import { Injectable, Logger, type LoggerService, type OnModuleInit } from '@nestjs/common';

import type { DrainEvent, DrainRunKind, DrainStageRecord } from '@drainboard/contracts';
import { DrainService } from '@drainboard/drain';

/** Fields added to the drain library's lines while a run is going. */
interface RunFields {
  runId: string;
  runKind?: DrainRunKind;
}

/**
 * The drain library's logger (its `logger` option): the library's own lines, structured. A line written while
 * a run is going carries `runId` and `runKind`; the line the library writes when a stage ends (synchronously
 * after the stage-end event) also carries `stage`, `outcome`, `durationMs` and `details`. With the JSON logger
 * in production those are fields a log stack can filter on; in development they follow the readable line.
 */
export class DrainRunLogger implements LoggerService {
  private readonly inner = new Logger('Drain');
  private run: RunFields | null = null;
  private endedStage: DrainStageRecord | null = null;

  /** Follows the runs and stages of `events` (the drain engine's `events$`). */
  track(event: DrainEvent): void {
    if (event.type === 'run-start') {
      this.run = { runId: event.run.id, runKind: event.run.kind };
    } else if (event.type === 'stage-end') {
      this.run ??= { runId: event.runId };
      this.endedStage = event.stage;
      // The stage line follows the event in the same tick; later lines are not about this stage.
      queueMicrotask(() => (this.endedStage = null));
    } else if (event.type === 'run-end') {
      queueMicrotask(() => (this.run = null));
    }
  }

  log(message: unknown): void {
    this.inner.log(this.fields(message));
  }

  warn(message: unknown): void {
    this.inner.warn(this.fields(message));
  }

  error(message: unknown): void {
    this.inner.error(this.fields(message));
  }

  debug(message: unknown): void {
    this.inner.debug(this.fields(message));
  }

  private fields(message: unknown): unknown {
    if (!this.run || typeof message !== 'string') {
      return message;
    }
    const stage = this.endedStage;
    return {
      msg: message,
      ...this.run,
      ...(stage && {
        stage: stage.name,
        outcome: stage.outcome,
        durationMs: stage.durationMs,
        details: stage.details,
      }),
    };
  }
}

/**
 * Feeds the drain engine's events to the `DrainRunLogger` it was given. It stays subscribed through the app's
 * own shutdown hooks: the `app-hooks`, `persist` and `exit` stages of a stop run after them.
 */
@Injectable()
export class DrainRunLogContext implements OnModuleInit {
  constructor(
    private readonly drain: DrainService,
    private readonly logger: DrainRunLogger,
  ) {}

  onModuleInit(): void {
    this.drain.runEvents$.subscribe((event) => this.logger.track(event));
  }
}
