import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { DrainEvent, DrainRun } from '@drainboard/contracts';
import { DRAIN_EVENT_SOURCE, type DrainEventSource } from './drain-event-source.js';
import { within } from '../common/within.js';
import { SPOOL_RESERVE_MS } from './persist-budget.js';
import { RunSpool } from './run-spool.js';
import { RunsRepository } from './runs.repository.js';

/** The events that change what is stored; per-request events are not written one by one. */
const RECORDED_EVENTS: ReadonlySet<DrainEvent['type']> = new Set([
  'run-start',
  'stage-start',
  'stage-end',
  'request-aborted',
  'run-end',
]);

/** Injection token of the `RunSpool` the recorder falls back to. */
export const RUN_SPOOL = Symbol.for('drainboard.run-spool');

export { PERSIST_TIMEOUT_MS } from './persist-budget.js';
/** Longest a spooled run may take to replay at boot. */
const REPLAY_TIMEOUT_MS = 5_000;
/** Longest shutdown waits for a persist (save or spool) still going. */
const SHUTDOWN_WAIT_MS = 2_000;

/**
 * Writes drain runs to Postgres as they happen: the run at `run-start`, each stage when it starts and ends,
 * each aborted request, and the whole run in the persist stage (`registerPersister('postgres')`). When
 * Postgres cannot take the final write, the run goes to the spool, which is replayed at the next boot.
 */
@Injectable()
export class RunRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger('RunRecorder');
  private queue: Promise<void> = Promise.resolve();
  private subscription?: Subscription;
  private unregister?: () => void;
  private failing = false;
  private persisting: Promise<void> = Promise.resolve();
  /** Events enqueued so far, and per run the last one a whole-run write made redundant. */
  private enqueued = 0;
  private readonly coveredUpTo = new Map<string, number>();

  constructor(
    @Inject(DRAIN_EVENT_SOURCE) private readonly drain: DrainEventSource,
    private readonly repository: RunsRepository,
    @Inject(RUN_SPOOL) private readonly spool: RunSpool,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = this.drain.events$.subscribe((event) => this.enqueue(event));
    this.unregister = this.drain.registerPersister('postgres', (run, { budgetMs }) =>
      this.persist(run, budgetMs),
    );
    await this.replaySpool();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    this.unregister?.();
    const pending = Promise.all([this.queue, this.persisting]);
    await within(
      pending,
      SHUTDOWN_WAIT_MS,
      `pending run writes took longer than ${SHUTDOWN_WAIT_MS} ms`,
    ).catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Writes every spooled run (idempotent) and empties the spool when all were written. */
  async replaySpool(): Promise<void> {
    const result = await this.spool.replay((run) =>
      within(
        this.repository.saveRun(run),
        REPLAY_TIMEOUT_MS,
        `replay took longer than ${REPLAY_TIMEOUT_MS} ms`,
      ),
    );
    if (result.replayed || result.failed || result.unreadable) {
      this.logger.log(
        `spool ${this.spool.file}: ${result.replayed} run(s) written, ${result.failed} kept for later, ${result.unreadable} unreadable line(s) dropped`,
      );
    }
  }

  /**
   * The persist stage: writes the whole run after the event writes already queued (one writer at a time, so
   * writes of the same rows never race), or spools it (fsync'ed) when that does not finish in time.
   */
  async persist(run: DrainRun, budgetMs: number): Promise<void> {
    const saving = this.saveOrSpool(run, Math.max(0, budgetMs - SPOOL_RESERVE_MS));
    this.persisting = Promise.all([this.persisting, saving]).then(
      () => undefined,
      () => undefined,
    );
    await saving;
  }

  private async saveOrSpool(run: DrainRun, saveMs: number): Promise<void> {
    this.coveredUpTo.set(run.id, this.enqueued);
    const saving = this.queue.then(() => this.repository.saveRun(run));
    this.queue = saving.catch(() => undefined);
    try {
      await within(saving, saveMs, `saving the run took longer than ${Math.round(saveMs)} ms`);
    } catch (error) {
      await this.spool.append(run);
      this.logger.warn(`run ${run.id} spooled to ${this.spool.file}: ${(error as Error).message}`);
    }
  }

  private enqueue(event: DrainEvent): void {
    if (!RECORDED_EVENTS.has(event.type)) return;
    const seq = ++this.enqueued;
    this.queue = this.queue
      .then(() => this.write(event, seq))
      .then(
        () => {
          this.failing = false;
        },
        (error: unknown) => this.reportFailure(event, error),
      );
  }

  private async write(event: DrainEvent, seq: number): Promise<void> {
    const runId = ('run' in event ? event.run.id : 'runId' in event ? event.runId : null) ?? '';
    // Queued before the persist stage's whole-run write: that write already covers it.
    if (seq <= (this.coveredUpTo.get(runId) ?? 0)) return;
    switch (event.type) {
      case 'run-start':
        return this.repository.upsertRun(event.run);
      case 'stage-start':
        return this.repository.startStage(event.runId, event.stage, event.at);
      case 'stage-end':
        return this.repository.upsertStage(event.runId, event.stage);
      case 'request-aborted':
        return this.repository.addAbortedRequest(event.runId, event.request);
      case 'run-end':
        this.coveredUpTo.delete(runId);
        return this.repository.saveRun(event.run);
      default:
        return;
    }
  }

  // Writes as events arrive are best effort: the persist stage writes (or spools) the whole run anyway.
  private reportFailure(event: DrainEvent, error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(
      `could not record ${event.type}: ${(error as Error).message}; the persist stage will retry`,
    );
  }
}
