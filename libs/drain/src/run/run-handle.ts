import type { DrainRun } from '@drainboard/contracts';

import type { DrainTimer } from '../clock/drain-clock.js';
import type { DrainContext } from './drain-context.js';

/** A run handed out by `drain()` / `stop()`: the run as it started and its final record. */
export interface DrainTicket {
  /** Snapshot of the run when it was handed out (frozen; later changes never show here). */
  readonly run: DrainRun;
  /** Resolves with the run's final snapshot (frozen) once it has ended: persisted, `run-end` emitted. */
  readonly done: Promise<DrainRun>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}

/** A frozen deep copy of a run: what the library hands out. */
export function snapshotOf(run: DrainRun): DrainRun {
  return deepFreeze(structuredClone(run));
}

/**
 * One run of the engine. It owns its record (through its context), its abort signals (`interrupt` for
 * resume, `deadline` for the cut-off), its deadline timer, the promise of its drain stages and its end: `end()`
 * runs once, and `done` resolves once, with the final frozen snapshot.
 */
export class RunHandle {
  readonly interrupt = new AbortController();
  readonly deadline = new AbortController();
  readonly done: Promise<DrainRun>;
  /** Resolves when the drain stages (trigger .. close-realtime) have ended or unwound after a resume. */
  drainStages: Promise<void> = Promise.resolve();
  private settle!: (run: DrainRun) => void;
  private ending: Promise<DrainRun> | null = null;
  private final: DrainRun | null = null;
  private deadlineTimer: DrainTimer | null = null;

  readonly ctx: DrainContext;

  /** `build` makes the run's context around the handle's own abort signals. */
  constructor(build: (signals: { interrupted: AbortSignal; deadlineReached: AbortSignal }) => DrainContext) {
    this.ctx = build({ interrupted: this.interrupt.signal, deadlineReached: this.deadline.signal });
    this.done = new Promise<DrainRun>((resolve) => {
      this.settle = resolve;
    });
  }

  get id(): string {
    return this.ctx.run.id;
  }

  /** true once `done` has resolved: the run is over, persisted and announced. */
  get ended(): boolean {
    return this.final !== null;
  }

  snapshot(): DrainRun {
    return snapshotOf(this.ctx.run);
  }

  ticket(): DrainTicket {
    return { run: this.snapshot(), done: this.done };
  }

  /** Arms the deadline timer on the run's clock; `onDeadline` is called once when it fires. */
  armDeadline(onDeadline: () => void): void {
    const { clock } = this.ctx.options;
    this.deadlineTimer = clock.setTimeout(onDeadline, this.ctx.deadlineAt - clock.now());
  }

  /**
   * Ends the run once: `work` (hooks, persist, exit stage...) runs, then `announce` gets the final snapshot
   * (the engine emits `run-end`), then `done` resolves. A second call returns the first call's promise.
   */
  end(work: () => Promise<void>, announce: (run: DrainRun) => void): Promise<DrainRun> {
    this.ending ??= (async () => {
      try {
        await work();
      } catch (error) {
        // Stages record their own failures; this only guards the end from a bug in between.
        this.ctx.logger.error(`run ${this.id} ended with an error: ${String(error)}`);
      } finally {
        this.deadlineTimer?.cancel();
      }
      const final = this.snapshot();
      this.final = final;
      announce(final);
      this.settle(final);
      return final;
    })();
    return this.ending;
  }
}
