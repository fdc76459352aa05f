import type { INestApplication } from '@nestjs/common';

import type { DrainRun, DrainRunKind, DrainTrigger, InstanceState } from '@drainboard/contracts';

import { MIN_STEP_BUDGET_MS } from '../drain.constants.js';
import type { ResolvedDrainOptions } from '../drain-options.js';
import { DrainStateError } from '../drain-state-error.js';
import { DrainEvents } from '../events/drain-events.js';
import { HookRecorder } from '../lifecycle/hook-recorder.js';
import { JobTracker } from '../schedule/job-tracker.js';
import { appHooksStage, DRAIN_PHASE, exitStage, persistAgain, persistStage } from '../stages/index.js';
import { TrafficServer } from '../tracking/traffic-server.js';
import { createContext, type DrainContext, type RealtimeCloser, type RunPersister } from './drain-context.js';
import { checkDeadline, createRun, decideOutcome, exitCodeOf } from './run-factory.js';
import { runStages, skipStage } from './stage-runner.js';

/** A run in progress (or the drained run while `drained`). */
interface ActiveRun {
  ctx: DrainContext;
  interrupt: AbortController;
  promise: Promise<DrainRun>;
  /** true once the drain phase (trigger..close-realtime) is over and the run chose drained or stop. */
  decided: boolean;
  stopRequested: boolean;
  finished: boolean;
}

/** Options of a drain/stop call. */
export interface RunRequest {
  trigger: DrainTrigger;
  deadlineMs?: number;
}

/** The state machine and the run sequences behind DrainService. */
export class DrainEngine {
  readonly events: DrainEvents;
  readonly traffic: TrafficServer;
  readonly jobs: JobTracker;
  readonly hooks: HookRecorder;
  readonly persisters = new Map<string, RunPersister>();
  readonly realtime = new Map<string, RealtimeCloser>();
  app: INestApplication | null = null;
  state: InstanceState = 'serving';
  ready = true;
  private active: ActiveRun | null = null;
  private stopPromise: Promise<DrainRun> | null = null;

  constructor(readonly options: ResolvedDrainOptions) {
    const { clock } = options;
    this.events = new DrainEvents(clock);
    this.traffic = new TrafficServer(clock, this.events);
    this.jobs = new JobTracker(() => clock.now());
    this.hooks = new HookRecorder(
      () => clock.now(),
      () => this.hookBudget(),
    );
  }

  currentRun(): DrainRun | null {
    const active = this.active;
    if (!active || (this.state === 'serving' && active.finished)) return null;
    return active.ctx.run;
  }

  drain(request: RunRequest): Promise<DrainRun> {
    if (this.state === 'stopping') {
      return Promise.reject(new DrainStateError('ALREADY_STOPPING', 'The instance is already stopping'));
    }
    if (this.state !== 'serving' && this.active) return this.active.promise;
    const active = this.begin('drain', request, 'draining');
    active.promise = this.drainSequence(active);
    return active.promise;
  }

  stop(request: RunRequest): Promise<DrainRun> {
    if (this.stopPromise) return this.stopPromise;
    const active = this.active;
    if (this.state === 'draining' && active && !active.decided) {
      active.stopRequested = true;
      this.transition('stopping', active.ctx.run.id);
      this.stopPromise = active.promise;
    } else if (this.state === 'draining' && active) {
      this.transition('stopping', active.ctx.run.id);
      this.stopPromise = active.promise.then(() => this.stopAfterDrained(request));
    } else if (this.state === 'drained') {
      this.transition('stopping', active?.ctx.run.id ?? null);
      this.stopPromise = this.stopAfterDrained(request);
    } else {
      const fresh = this.begin('stop', request, 'stopping');
      fresh.stopRequested = true;
      fresh.promise = this.drainSequence(fresh);
      this.stopPromise = fresh.promise;
    }
    return this.stopPromise;
  }

  async resume(): Promise<void> {
    const active = this.active;
    if ((this.state !== 'draining' && this.state !== 'drained') || !active) {
      throw new DrainStateError('NOT_DRAINING', `Cannot resume while ${this.state}`);
    }
    active.interrupt.abort();
    this.traffic.stopClosing();
    await this.traffic.relisten();
    this.jobs.resume();
    this.ready = true;
    this.transition('serving', active.ctx.run.id);
    // A drain that had already finished (drained) ends as `resumed` too: hand the updated run to the persisters.
    if (active.finished) {
      active.ctx.run.outcome = 'resumed';
      await persistAgain(this.persisters, active.ctx.run, this.options.logger);
    }
  }

  /** Nest's `app.close()` reached the HTTP adapter's beforeClose: drain first unless already done. */
  async beforeClose(): Promise<void> {
    if (this.state === 'stopping') return;
    if (this.active && !this.active.finished && this.state === 'draining') {
      await this.active.promise.catch(() => undefined);
      return;
    }
    if (this.state === 'drained') return;
    const active = this.begin('stop', { trigger: { source: 'api', reason: 'app.close()' } }, 'stopping');
    active.promise = this.closedByNest(active);
    await active.promise;
  }

  private begin(kind: DrainRunKind, request: RunRequest, state: InstanceState): ActiveRun {
    const { clock } = this.options;
    const deadlineMs = checkDeadline(request.deadlineMs, this.options.deadlineMs);
    const startedAt = clock.now();
    const run = createRun({
      instanceId: this.options.instanceId,
      kind,
      trigger: request.trigger,
      startedAt: this.events.iso(startedAt),
      deadlineMs,
      inFlight: this.traffic.requests.inFlight().length,
    });
    const interrupt = new AbortController();
    const ctx = this.context(run, startedAt + deadlineMs, interrupt.signal);
    const active: ActiveRun = {
      ctx,
      interrupt,
      promise: Promise.resolve(run),
      decided: false,
      stopRequested: false,
      finished: false,
    };
    this.active = active;
    this.transition(state, run.id);
    this.events.emit({ type: 'run-start', run: structuredClone(run) });
    return active;
  }

  private context(run: DrainRun, deadlineAt: number, interrupted: AbortSignal): DrainContext {
    const setReady = (ready: boolean): void => {
      this.ready = ready;
    };
    const { options, events, traffic, jobs, hooks, realtime, persisters, app } = this;
    const parts = { options, events, traffic, jobs, hooks, realtime, persisters, app, setReady };
    return createContext(parts, run, deadlineAt, interrupted);
  }

  private async drainSequence(active: ActiveRun): Promise<DrainRun> {
    await runStages(active.ctx, DRAIN_PHASE);
    active.decided = true;
    if (active.stopRequested) return this.finishStop(active);
    await this.finish(active);
    if (this.state === 'draining') this.transition('drained', active.ctx.run.id);
    return active.ctx.run;
  }

  private async stopAfterDrained(request: RunRequest): Promise<DrainRun> {
    const active = this.begin('stop', request, 'stopping');
    const [trigger, ...rest] = DRAIN_PHASE;
    if (trigger) await runStages(active.ctx, [trigger]);
    for (const step of rest) await skipStage(active.ctx, step, 'already drained');
    return this.finishStop(active);
  }

  private async closedByNest(active: ActiveRun): Promise<DrainRun> {
    await runStages(active.ctx, DRAIN_PHASE);
    active.decided = true;
    await skipStage(active.ctx, appHooksStage, 'run by Nest right after this stage');
    return this.finish(active);
  }

  private async finishStop(active: ActiveRun): Promise<DrainRun> {
    const { ctx } = active;
    ctx.run.kind = 'stop';
    await runStages({ ...ctx, app: this.app }, [appHooksStage]);
    const run = await this.finish(active);
    ctx.exitCode = exitCodeOf(run.outcome);
    await runStages(ctx, [exitStage]);
    this.events.emit({ type: 'run-end', run: structuredClone(run) });
    await this.callExit(ctx.exitCode);
    return run;
  }

  /** Decides the outcome, persists and (for drains) announces the end. */
  private async finish(active: ActiveRun): Promise<DrainRun> {
    const { run } = active.ctx;
    run.outcome = decideOutcome(run, active.interrupt.signal.aborted);
    run.abortedCount = run.abortedRequests.length;
    run.finishedAt = this.events.iso();
    await runStages(active.ctx, [persistStage]);
    active.finished = true;
    if (!active.stopRequested) this.events.emit({ type: 'run-end', run: structuredClone(run) });
    return run;
  }

  private async callExit(code: number): Promise<void> {
    try {
      await this.options.exit(code);
    } catch (error) {
      this.options.logger.error(
        `exit(${code}) failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private transition(to: InstanceState, runId: string | null): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.events.emit({ type: 'state', from, to, runId });
  }

  private hookBudget(): number {
    const run = this.active;
    if (!run || run.finished) return this.options.hookTimeoutMs;
    const left = run.ctx.deadlineAt - this.options.clock.now();
    return Math.min(this.options.hookTimeoutMs, Math.max(left, MIN_STEP_BUDGET_MS));
  }
}
