/** A scheduled job execution in progress. */
export interface RunningJob {
  name: string;
  startedAt: number;
}

export type JobKind = 'cron' | 'interval' | 'timeout';

/**
 * Gates and counts `@nestjs/schedule` executions: while paused, no new execution starts (a paused
 * timeout runs once on resume); running ones are counted so the drain can await them.
 */
export class JobTracker {
  readonly running = new Set<RunningJob>();
  /** Called whenever an execution ends. */
  onChange: (() => void) | null = null;
  private paused = false;
  private deferred: Array<() => void> = [];

  constructor(private readonly now: () => number) {}

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const deferred = this.deferred;
    this.deferred = [];
    for (const run of deferred) {
      run();
    }
  }

  wrap<A extends unknown[]>(
    name: string,
    kind: JobKind,
    fn: (...args: A) => unknown,
  ): (...args: A) => unknown {
    const gate = (self: unknown, args: A): unknown => {
      if (this.paused) {
        if (kind === 'timeout') {
          this.deferred.push(() => void gate(self, args));
        }
        return undefined;
      }
      return this.execute(name, () => fn.apply(self, args));
    };
    return function (this: unknown, ...args: A): unknown {
      return gate(this, args);
    };
  }

  private execute(name: string, run: () => unknown): unknown {
    const job: RunningJob = { name, startedAt: this.now() };
    this.running.add(job);
    const finish = (): void => {
      this.running.delete(job);
      this.onChange?.();
    };
    try {
      const result = run();
      if (result instanceof Promise) {
        return result.finally(finish);
      }
      finish();
      return result;
    } catch (error) {
      finish();
      throw error;
    }
  }
}
