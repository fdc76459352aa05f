import type { INestApplication } from '@nestjs/common';

import type { AbortedRequest, DrainRun } from '@drainboard/contracts';

import type { ResolvedDrainOptions } from '../drain-options.js';
import type { DrainEvents } from '../events/drain-events.js';
import { appHooksStage, DRAIN_PHASE, exitStage, persistAgain, persistStage } from '../stages/index.js';
import { abortFired, toAborted, type TrackedRequest } from '../tracking/tracked-request.js';
import type { DrainParts } from './drain-context.js';
import type { DrainEngine } from './drain-engine.js';
import { decideOutcome, exitCodeOf } from './run-factory.js';
import type { RunHandle } from './run-handle.js';
import { runStages, skipStage } from './stage-runner.js';

type FinishEffect = 'end-drain' | 'finish-stop' | 'finish-close';

/**
 * The work behind the table's effects: the stages a run goes through and how it ends. Nothing here reads the
 * engine's state; the engine tells it what to do.
 */
export class RunSequences {
  constructor(
    private readonly events: DrainEvents,
    private readonly options: ResolvedDrainOptions,
    private readonly drainStagesEnded: (run: RunHandle) => void,
    private readonly app: () => INestApplication | null,
  ) {}

  /** The long-lived parts every run's context shares. */
  parts(engine: DrainEngine): Omit<DrainParts, 'setReady' | 'isReady'> {
    const { events, traffic, jobs, hooks, realtime, persisters, app } = engine;
    return { options: this.options, events, traffic, jobs, hooks, realtime, persisters, app };
  }

  /** trigger .. close-realtime, after `after` (a resume reopening the listener); then `drained` to the engine. */
  async drainStages(run: RunHandle, after: Promise<void>): Promise<void> {
    await after;
    await runStages(run.ctx, DRAIN_PHASE);
    this.drainStagesEnded(run);
  }

  /** end-drain, finish-stop, finish-close: how the current run ends once its drain stages are over. */
  async finish(effect: FinishEffect, run: RunHandle, exit: (code: number) => Promise<void>): Promise<void> {
    if (effect === 'end-drain') {
      await this.end(run, () => Promise.resolve());
    } else if (effect === 'finish-close') {
      await this.end(run, async () => {
        await skipStage(run.ctx, appHooksStage, 'run by Nest right after this stage (app.close())');
      });
    } else {
      await this.stop(run, exit);
    }
  }

  /**
   * After a resume: an interrupted run ends once its stages have unwound (its `resumedAt` already set); a run
   * that had ended (or was ending) gets `resumedAt` once its end is out, and is persisted again.
   */
  async afterResume(effect: 'interrupt' | 'reopen', run: RunHandle, resumedAt: string | null): Promise<void> {
    if (effect === 'interrupt') {
      await run.drainStages;
      await this.end(run, () => Promise.resolve());
      return;
    }
    await run.done;
    if (resumedAt === null) {
      return;
    }
    run.ctx.run.resumedAt = resumedAt;
    await persistAgain(run.ctx);
  }

  /** Reopens the traffic listener and undoes what the drain stages changed (keep-alive, jobs, readiness). */
  async reopen(engine: DrainEngine): Promise<void> {
    engine.traffic.stopClosing();
    await engine.traffic.relisten();
    engine.jobs.resume();
    engine.ready = true;
  }

  /** Counts each response sent while the run goes on by status; a 5xx after its AbortSignal fired gave up. */
  recordResponse(run: RunHandle, entry: TrackedRequest): void {
    if (!entry.res.writableFinished) {
      return;
    } // cut off or closed by the client: not a response sent
    const record = run.ctx.run;
    const status = String(entry.res.statusCode);
    const counts = (record.statusCodes ??= {});
    counts[status] = (counts[status] ?? 0) + 1;
    if (!abortFired(entry) || entry.res.statusCode < 500) {
      return;
    }
    const request: AbortedRequest = {
      ...toAborted(entry, this.options.clock.now()),
      kind: 'gave-up',
      statusCode: entry.res.statusCode,
    };
    record.abortedRequests.push(request);
    record.abortedCount = record.abortedRequests.length;
    this.events.emit({ type: 'request-aborted', runId: record.id, request });
  }

  /** Outcome, finishedAt, persist stage; `extra` runs first (app hooks). Ends the run once. */
  private end(run: RunHandle, extra: () => Promise<void>, after?: () => Promise<void>): Promise<DrainRun> {
    return run.end(
      async () => {
        await extra();
        const record = run.ctx.run;
        record.outcome = decideOutcome(record);
        record.abortedCount = record.abortedRequests.length;
        record.finishedAt = this.events.iso();
        await runStages(run.ctx, [persistStage]);
        await after?.();
      },
      (final) => this.events.emit({ type: 'run-end', run: final }),
    );
  }

  private async stop(run: RunHandle, exit: (code: number) => Promise<void>): Promise<void> {
    const { ctx } = run;
    const final = await this.end(
      run,
      () => runStages({ ...ctx, app: this.app() }, [appHooksStage]),
      async () => {
        ctx.exitCode = exitCodeOf(ctx.run.outcome);
        await runStages(ctx, [exitStage]);
      },
    );
    await exit(exitCodeOf(final.outcome));
  }
}
