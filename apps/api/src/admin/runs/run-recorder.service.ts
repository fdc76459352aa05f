import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';

import type { DrainEvent, DrainRun } from '@drainboard/contracts';

import { errorMessage } from '../../shared/common/error-message.js';
import { within } from '../../shared/common/within.js';
import { DRAIN_EVENT_SOURCE, type DrainEventSource } from './drain-event-source.js';
import { PERSIST_TIMEOUT_MS, SPOOL_RESERVE_MS } from './persist-budget.js';
import { applyEvent, withReplay, withTruth } from './run-snapshot.js';
import { RunRejectedError, RunSpool, type SpooledRun } from './run-spool.js';
import { RunsRepository } from './runs.repository.js';

/** Injection token of the `RunSpool` the recorder falls back to. */
export const RUN_SPOOL = Symbol.for('drainboard.run-spool');

export { PERSIST_TIMEOUT_MS } from './persist-budget.js';
/** Longest a spooled run may take to replay at boot. */
const REPLAY_TIMEOUT_MS = 5_000;
/** Longest shutdown waits for the writes still going (the exit stage's end included). */
const SHUTDOWN_WAIT_MS = 2_000;

/** Postgres error classes that no retry fixes: data exceptions (22) and integrity violations (23). */
const PERMANENT = /^2[23]/;

/** What the recorder knows of one run. */
interface TrackedRun {
  run: DrainRun;
  /** The persist stage handed this run over: from now on a failed write must not lose anything. */
  persisted: boolean;
  /** When the run first reached the spool (Postgres could not take it in the persist stage). */
  spooledAt: string | null;
  /** `performance.now()` when the exit stage began, for its duration on the monotonic clock. */
  exitStartedAt: number | null;
  /** The exit stage's real end (the admin app closed), once known. */
  exitEnd: { endedAt: string; durationMs: number } | null;
  /** A write is queued and will take the snapshot as it is when it runs. */
  queued: boolean;
  /** That queued write. */
  pending: Promise<void>;
  warned: boolean;
}

/**
 * Records drain runs in Postgres, always whole, through `RunsRepository.saveRun` (the only write path): on
 * each event that changes a run, in the persist stage (`registerPersister('postgres')`) and at replay. Writes
 * run one at a time, each taking the run as it is when it runs, so a later state never loses to an earlier
 * one. When Postgres cannot take the run in the persist stage, or any later state of it, the run goes to the
 * spool (fsync'ed), replayed at the next boot; when the spool cannot take it either, the run is lost: that is
 * logged as an error, the run is printed whole to stderr, and the process exits with code 1.
 */
@Injectable()
export class RunRecorder
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown, OnModuleDestroy
{
  private readonly logger = new Logger('RunRecorder');
  private readonly runs = new Map<string, TrackedRun>();
  private queue: Promise<void> = Promise.resolve();
  private subscription?: Subscription;
  private unregister?: () => void;
  private lost = 0;

  constructor(
    @Inject(DRAIN_EVENT_SOURCE) private readonly drain: DrainEventSource,
    private readonly repository: RunsRepository,
    @Inject(RUN_SPOOL) private readonly spool: RunSpool,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = this.drain.runEvents$.subscribe((event) => this.onEvent(event));
    this.unregister = this.drain.registerPersister('postgres', (run, { budgetMs }) =>
      this.persist(run, budgetMs),
    );
    await this.replaySpool();
  }

  /** Runs neither Postgres nor the spool could take (the exit code is then 1). */
  lostRuns(): number {
    return this.lost;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unregister?.();
    await within(this.queue, SHUTDOWN_WAIT_MS, `pending run writes took over ${SHUTDOWN_WAIT_MS} ms`).catch(
      () => undefined,
    );
  }

  /**
   * Ends the exit stage now and writes the run, whole, once: the exit stage's own events are not written (see
   * `onEvent`), so this is the run's only write after the persist stage's own. The admin app calls it once it has
   * stopped serving (its listener and live clients closed: `closeAdminApp`), the last moment anyone could see the
   * process; only its last writes and the database's disconnect follow. The end is timed on the monotonic clock
   * like every other stage. Resolves once Postgres (or the spool) has the run (and the writes queued before it);
   * a second call writes nothing more.
   */
  async endExitStage(): Promise<void> {
    const now = performance.now();
    for (const tracked of this.runs.values()) {
      const exit = tracked.run.stages.find((stage) => stage.name === 'exit');
      if (!exit || tracked.exitStartedAt === null || tracked.exitEnd) {
        continue;
      }
      const durationMs = now - tracked.exitStartedAt;
      tracked.exitEnd = {
        endedAt: new Date(Date.parse(exit.startedAt) + durationMs).toISOString(),
        durationMs,
      };
      this.record(tracked);
    }
    await within(this.queue, SHUTDOWN_WAIT_MS, `the exit stage took over ${SHUTDOWN_WAIT_MS} ms`).catch(
      (error: Error) => this.logger.warn(`could not record the end of the exit stage: ${error.message}`),
    );
  }

  /** The app closed without `closeAdminApp` ending the exit stage first: end it now, before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.endExitStage();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /**
   * Writes every spooled run (idempotent), its persist stage showing when it was spooled and when written,
   * and empties the spool when all were written.
   */
  async replaySpool(): Promise<void> {
    let result;
    try {
      result = await this.spool.replay((entry) => this.replayOne(entry));
    } catch (error) {
      // The API still starts: its runs go to Postgres, and a stop that finds neither says so loudly.
      this.logger.error(
        `the spool ${this.spool.file} cannot be read, nothing replayed from it: ${message(error)}`,
      );
      return;
    }
    if (result.replayed || result.failed || result.rejected || result.unreadable) {
      const line = `spool ${this.spool.file}: ${result.replayed} run(s) written, ${result.failed} kept for the next boot, ${result.rejected} refused by Postgres (moved to ${this.spool.rejectedFile}), ${result.unreadable} unreadable line(s) dropped`;
      if (result.rejected || result.unreadable) {
        this.logger.error(line);
      } else {
        this.logger.log(line);
      }
    }
  }

  /**
   * The persist stage: writes the whole run after the writes already queued, or spools it (fsync'ed) when that
   * does not finish `SPOOL_RESERVE_MS` before the library's budget. Rejects only when the run could be written
   * nowhere.
   */
  async persist(run: DrainRun, budgetMs: number = PERSIST_TIMEOUT_MS): Promise<void> {
    const saveMs = Math.max(0, budgetMs - SPOOL_RESERVE_MS);
    const tracked = this.track(run);
    tracked.run = structuredClone(run);
    tracked.persisted = true;
    try {
      await within(this.write(tracked), saveMs, `Postgres took over ${Math.round(saveMs)} ms`);
    } catch (error) {
      await this.spoolOrLose(tracked, error);
    }
  }

  private track(run: Pick<DrainRun, 'id'> & Partial<DrainRun>): TrackedRun {
    let tracked = this.runs.get(run.id);
    if (!tracked) {
      tracked = {
        run: structuredClone(run) as DrainRun,
        persisted: false,
        spooledAt: null,
        exitStartedAt: null,
        exitEnd: null,
        queued: false,
        pending: Promise.resolve(),
        warned: false,
      };
      this.runs.set(run.id, tracked);
    }
    return tracked;
  }

  private onEvent(event: DrainEvent): void {
    if (event.type === 'run-start') {
      this.track(event.run);
      // A run that starts ends the previous runs' story; keep only the ones still being written.
      for (const [id, old] of this.runs) {
        if (id !== event.run.id && !old.queued) {
          this.runs.delete(id);
        }
      }
    }
    const runId = 'run' in event ? event.run.id : 'runId' in event ? event.runId : null;
    const tracked = runId ? this.runs.get(runId) : undefined;
    if (!tracked) {
      return;
    }
    const next = applyEvent(tracked.run, event);
    if (next === tracked.run) {
      return;
    }
    tracked.run = next;
    if (event.type === 'stage-start' && event.stage === 'exit') {
      tracked.exitStartedAt = performance.now();
    }
    // From the exit stage on (its start, its end, the run's end), the run waits for `endExitStage`: one write,
    // with the exit stage's real end, instead of one now and one then. The persist stage has stored the rest.
    if (tracked.exitStartedAt !== null) {
      return;
    }
    if (event.type === 'stage-end' && event.stage.name === 'persist' && tracked.run.kind === 'stop') {
      // A stop's exit stage starts in this same turn of the event loop, and its write carries the persist stage's
      // end too. Should it not start (the traffic app closed by someone else), the end is written after this turn.
      setImmediate(() => {
        if (tracked.exitStartedAt === null) {
          this.record(tracked);
        }
      });
      return;
    }
    this.record(tracked);
  }

  /** The run as it should be stored now: the events' snapshot plus what only the recorder knows. */
  private snapshot(tracked: TrackedRun): DrainRun {
    return withTruth(tracked.run, {
      spooledAt: tracked.spooledAt,
      spool: this.spool.file,
      exitEnd: tracked.exitEnd,
    });
  }

  /**
   * Queues one write of the run; a write already queued for it takes the newest snapshot, so bursts of events
   * cost one write. Resolves when a write that includes the current state has succeeded.
   */
  private write(tracked: TrackedRun): Promise<void> {
    if (tracked.queued) {
      return tracked.pending;
    }
    tracked.queued = true;
    const job = this.queue.then(async () => {
      tracked.queued = false;
      const snapshot = this.snapshot(tracked);
      await this.repository.saveRun(snapshot);
      // Written after it was spooled: the spool's copy must not be older than Postgres's.
      if (tracked.spooledAt) {
        await this.spool.append(snapshot);
      }
    });
    this.queue = job.catch(() => undefined);
    tracked.pending = job;
    return job;
  }

  /** `write`, failures handled: before the persist stage a warning (it writes the run whole), after it the spool. */
  private record(tracked: TrackedRun): void {
    const handled = this.write(tracked).catch((error: unknown) =>
      tracked.persisted ? this.spoolOrLose(tracked, error) : this.warnOnce(tracked, error),
    );
    // The fallback joins the queue: shutdown waits for the spool's copy (the exit stage's included) as it waits
    // for Postgres, and the next write starts after it, so the spool's copies stay in order.
    this.queue = this.queue.then(() => handled).catch(() => undefined);
  }

  private async spoolOrLose(tracked: TrackedRun, postgresError: unknown): Promise<void> {
    const spooledAt = tracked.spooledAt ?? new Date().toISOString();
    const first = tracked.spooledAt === null;
    tracked.spooledAt = spooledAt;
    const snapshot = this.snapshot(tracked);
    try {
      await this.spool.append(snapshot);
      if (first) {
        this.logger.warn(
          `run ${snapshot.id} spooled to ${this.spool.file} (Postgres: ${message(postgresError)}); it is written on the next boot`,
        );
      }
    } catch (spoolError) {
      if (first) {
        tracked.spooledAt = null;
      }
      this.lose(snapshot, postgresError, spoolError);
      if (first) {
        throw new Error(`not recorded: Postgres: ${message(postgresError)}; spool: ${message(spoolError)}`);
      }
    }
  }

  private lose(run: DrainRun, postgresError: unknown, spoolError: unknown): void {
    this.lost++;
    this.logger.error(
      `run ${run.id} (${run.kind}, outcome ${run.outcome}) was NOT recorded: Postgres: ${message(postgresError)}; spool ${this.spool.file}: ${message(spoolError)}. The whole run follows on stderr, the only copy left.`,
    );
    process.stderr.write(`drainboard: unrecorded run ${JSON.stringify(run)}\n`);
  }

  private warnOnce(tracked: TrackedRun, error: unknown): void {
    if (tracked.warned) {
      return;
    }
    tracked.warned = true;
    this.logger.warn(
      `could not record run ${tracked.run.id} as it happens (${message(error)}); its persist stage writes it whole, or spools it`,
    );
  }

  private async replayOne(entry: SpooledRun): Promise<void> {
    const run = withReplay(entry, new Date().toISOString());
    try {
      await within(
        this.repository.saveRun(run),
        REPLAY_TIMEOUT_MS,
        `replay took over ${REPLAY_TIMEOUT_MS} ms`,
      );
    } catch (error) {
      const code = postgresCode(error);
      if (code && PERMANENT.test(code)) {
        throw new RunRejectedError(`${code}: ${message(error)}`);
      }
      throw error;
    }
  }
}

/** The SQLSTATE of a failed write, as pg or Prisma's raw-query error carries it. */
function postgresCode(error: unknown): string | null {
  const { code, meta } = error as { code?: unknown; meta?: { code?: unknown } };
  if (typeof meta?.code === 'string') {
    return meta.code;
  }
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return code;
  }
  return /Code: `([0-9A-Z]{5})`/.exec(message(error))?.[1] ?? null;
}

/** An error as one line (Prisma's messages span several). */
function message(error: unknown): string {
  return errorMessage(error).replace(/\s+/g, ' ').trim();
}
