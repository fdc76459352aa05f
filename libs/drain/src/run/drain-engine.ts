import type { INestApplication } from '@nestjs/common';

import type { DrainRun, DrainRunKind, DrainTrigger, InstanceState } from '@drainboard/contracts';

import { MIN_STEP_BUDGET_MS } from '../drain.constants.js';
import type { ResolvedDrainOptions } from '../drain-options.js';
import { DrainStateError } from '../drain-state-error.js';
import { errorMessage } from '../error-message.js';
import { DrainEvents } from '../events/drain-events.js';
import { HookRecorder } from '../lifecycle/hook-recorder.js';
import { JobTracker } from '../schedule/job-tracker.js';
import type { TrackedRequest } from '../tracking/tracked-request.js';
import { TrafficServer } from '../tracking/traffic-server.js';
import { createContext, type RealtimeCloser, type RunPersister } from './drain-context.js';
import { checkDeadline, createRun } from './run-factory.js';
import { type DrainTicket, RunHandle, snapshotOf } from './run-handle.js';
import { RunSequences } from './run-sequences.js';
import {
  type EngineCommand,
  type EngineState,
  publishedState,
  type Transition,
  TRANSITIONS,
} from './transitions.js';

/** Options of a drain/stop call. */
export interface RunRequest {
  trigger: DrainTrigger;
  /** Budget of this run from trigger to cut-off. @default the module's `deadlineMs` */
  deadlineMs?: number;
}

/**
 * The state machine behind DrainService. Every command goes through `TRANSITIONS` (see transitions.ts):
 * the table gives the next state and the effect, and `apply` carries the effect out. The engine keeps only
 * the state, the current run, the resume in progress and the count of signals.
 */
export class DrainEngine {
  readonly events: DrainEvents;
  readonly traffic: TrafficServer;
  readonly jobs: JobTracker;
  readonly hooks: HookRecorder;
  readonly persisters = new Map<string, RunPersister>();
  readonly realtime = new Map<string, RealtimeCloser>();
  app: INestApplication | null = null;
  ready = true;
  private internal: EngineState = 'serving';
  private published: InstanceState = 'serving';
  private current: RunHandle | null = null;
  /** The run a resume took off (ended by that resume), the listener being reopened, and the whole resume. */
  private lastResumed: RunHandle | null = null;
  private reopening: Promise<void> | null = null;
  private resuming: Promise<DrainRun> | null = null;
  private signals = 0;
  private readonly sequences: RunSequences;

  constructor(readonly options: ResolvedDrainOptions) {
    const { clock } = options;
    this.events = new DrainEvents(clock);
    this.traffic = new TrafficServer(clock, this.events);
    this.jobs = new JobTracker(() => clock.now());
    this.hooks = new HookRecorder(clock, () => this.hookBudget());
    this.sequences = new RunSequences(
      this.events,
      options,
      (run) => this.drainStagesEnded(run),
      () => this.app,
    );
    this.traffic.requests.onEnded = (entry) => this.requestEnded(entry);
  }

  get state(): InstanceState {
    return this.published;
  }

  /** The internal state (with `resuming` and `closing`), for tests and the docs. */
  get engineState(): EngineState {
    return this.internal;
  }

  /** The run in progress, or the drained run while `drained`; null while serving. */
  currentRun(): DrainRun | null {
    return this.current ? snapshotOf(this.current.ctx.run) : null;
  }

  drain(request: RunRequest): DrainTicket {
    return this.ticketOf(this.dispatch('drain', { request }));
  }

  stop(request: RunRequest): DrainTicket {
    return this.ticketOf(this.dispatch('stop', { request }));
  }

  /** Back to serving; resolves with the resumed run (outcome kept, `resumedAt` set). Refusals reject. */
  async resume(): Promise<DrainRun> {
    this.dispatch('resume', {});
    if (!this.resuming) {
      throw new DrainStateError('NOT_DRAINING', 'Nothing to resume');
    }
    return this.resuming;
  }

  /** A shutdown signal (enableDrainShutdownHooks): stop, join, warn or force exit by the table. */
  signal(signal: string): void {
    this.signals++;
    this.dispatch('signal', { request: { trigger: { source: 'signal', signal } } });
  }

  /** Nest's `app.close()` reached the HTTP adapter's beforeClose: resolves when Nest may go on closing. */
  async beforeClose(): Promise<void> {
    const run = this.dispatch('app.close', {
      request: { trigger: { source: 'api', reason: 'app.close()' } },
    });
    if (run) {
      await run.done;
    }
  }

  private ticketOf(run: RunHandle | null): DrainTicket {
    if (!run) {
      throw new DrainStateError('NOT_DRAINING', 'No run to hand out');
    }
    return run.ticket();
  }

  /** Looks the command up in the table, changes the state and carries out the effect. */
  private dispatch(
    command: EngineCommand,
    input: { request?: RunRequest; run?: RunHandle },
  ): RunHandle | null {
    if (input.run && input.run !== this.current) {
      return null;
    } // a resumed run: its resume ends it
    const transition = TRANSITIONS[this.internal][command];
    if (transition.effect === 'refuse') {
      const code = transition.code ?? 'NOT_DRAINING';
      throw new DrainStateError(code, `Cannot ${command} while ${this.state}`);
    }
    return this.apply(transition, input.request);
  }

  private apply(t: Transition, request: RunRequest | undefined): RunHandle | null {
    const run = this.current;
    switch (t.effect) {
      case 'start-drain':
      case 'start-stop':
      case 'start-close':
        return this.start(t, request ?? { trigger: { source: 'api' } });
      case 'join':
        return run;
      case 'promote-stop':
      case 'promote-close':
        if (run) {
          run.ctx.run.kind = 'stop';
        }
        this.moveTo(t.next, run);
        return run;
      case 'interrupt':
      case 'reopen':
        if (run) {
          this.resumeRun(t.effect, t.next, run);
        }
        return null;
      case 'end-drain':
      case 'finish-stop':
      case 'finish-close':
        this.moveTo(t.next, run);
        if (run) {
          void this.finishRun(t.effect, run);
        }
        return run;
      case 'cut-off':
        run?.deadline.abort();
        return run;
      case 'escalate':
        return this.escalate(run);
      case 'restore':
        this.current = this.lastResumed;
        this.moveTo(t.next, this.current);
        return null;
      case 'pass':
      case 'ignore':
      case 'refuse':
        this.moveTo(t.next, run);
        return null;
    }
  }

  private start(t: Transition, request: RunRequest): RunHandle {
    const { clock } = this.options;
    const kind: DrainRunKind = t.effect === 'start-drain' ? 'drain' : 'stop';
    const deadlineMs = checkDeadline(request.deadlineMs, this.options.deadlineMs);
    const startedAt = clock.now();
    const record = createRun({
      instanceId: this.options.instanceId,
      kind,
      trigger: request.trigger,
      startedAt: this.events.iso(startedAt),
      deadlineMs,
      inFlight: this.traffic.requests.inFlight().length,
    });
    const parts = {
      ...this.sequences.parts(this),
      setReady: (ready: boolean) => void (this.ready = ready),
      isReady: () => this.ready,
    };
    const handle = new RunHandle((signals) => createContext(parts, record, startedAt + deadlineMs, signals));
    const run = handle;
    this.current = run;
    this.moveTo(t.next, run);
    this.events.emit({ type: 'run-start', run: run.snapshot() });
    run.armDeadline(() => void this.dispatchQuietly('deadline', run));
    const after = this.reopening ?? Promise.resolve();
    run.drainStages = this.sequences.drainStages(run, after);
    return run;
  }

  /**
   * interrupt / reopen: the listener reopens and `reopened` (or `reopen-failed`) goes through the table; the
   * resume resolves then, with the run's `resumedAt` set. The run's own end (interrupt), or its second
   * persist (reopen), goes on in the background.
   */
  private resumeRun(effect: 'interrupt' | 'reopen', next: EngineState, run: RunHandle): void {
    this.lastResumed = run;
    this.current = null;
    if (effect === 'interrupt') {
      run.interrupt.abort();
    }
    this.moveTo(next, run);
    // The interrupted run's stages stop touching the listener first (close-listener may be mid-way).
    const reopening = (effect === 'interrupt' ? run.drainStages : Promise.resolve()).then(() =>
      this.sequences.reopen(this),
    );
    this.reopening = reopening.then(
      () => undefined,
      () => undefined,
    );
    let resumedAt: string | null = null;
    this.resuming = reopening
      .then(
        () => {
          resumedAt = this.events.iso();
          // An interrupted run ends with it; a drained one gets it once its end is out (afterResume).
          if (effect === 'interrupt') {
            run.ctx.run.resumedAt = resumedAt;
          }
          this.dispatchQuietly('reopened', undefined);
          return snapshotOf({ ...run.ctx.run, resumedAt });
        },
        (error: unknown) => {
          this.dispatchQuietly('reopen-failed', undefined);
          throw error;
        },
      )
      .finally(() => {
        this.reopening = null;
        this.resuming = null;
        void this.sequences.afterResume(effect, run, resumedAt);
      });
  }

  private async finishRun(
    effect: 'end-drain' | 'finish-stop' | 'finish-close',
    run: RunHandle,
  ): Promise<void> {
    await this.sequences.finish(effect, run, this.exitAfterStop);
    if (effect === 'end-drain') {
      this.dispatchQuietly('ended', run);
    }
  }

  private escalate(run: RunHandle | null): RunHandle | null {
    if (this.signals <= 1) {
      return run;
    }
    const { logger } = this.options;
    if (this.signals === 2) {
      logger.warn?.('Signal received again while stopping: ignored (send it once more to force exit)');
      return run;
    }
    logger.error('Signal received a third time: forcing exit with code 1 before the stop ended');
    void this.callExit(1, true);
    return run;
  }

  private drainStagesEnded(run: RunHandle): void {
    this.dispatchQuietly('drained', run);
  }

  /** Commands from the engine's own timers and sequences: a refusal there is a bug, logged not thrown. */
  private dispatchQuietly(command: EngineCommand, run: RunHandle | undefined): void {
    try {
      this.dispatch(command, run ? { run } : {});
    } catch (error) {
      this.options.logger.error(`${command}: ${errorMessage(error)}`);
    }
  }

  private readonly exitAfterStop = (code: number): Promise<void> => this.callExit(code, false);

  private async callExit(code: number, forced: boolean): Promise<void> {
    try {
      await this.options.exit(code, { forced });
    } catch (error) {
      this.options.logger.error(`exit(${code}) failed: ${errorMessage(error)}`);
    }
  }

  /** Changes the state; a `state` event goes out when the published state changes. */
  private moveTo(to: EngineState, run: RunHandle | null): void {
    this.internal = to;
    const from = this.published;
    const published = publishedState(to, from);
    if (published === from) {
      return;
    }
    this.published = published;
    this.events.emit({ type: 'state', from, to: published, runId: run?.id ?? null });
  }

  /** Records status codes of responses while a run goes on, and give-ups (5xx after the AbortSignal fired). */
  private requestEnded(entry: TrackedRequest): void {
    const run = this.current ?? this.lastResumed;
    if (!run || run.ended) {
      return;
    }
    this.sequences.recordResponse(run, entry);
  }

  private hookBudget(): number {
    const run = this.current;
    if (!run || run.ended) {
      return this.options.hookTimeoutMs;
    }
    const left = run.ctx.deadlineAt - this.options.clock.now();
    return Math.min(this.options.hookTimeoutMs, Math.max(left, MIN_STEP_BUDGET_MS));
  }
}
