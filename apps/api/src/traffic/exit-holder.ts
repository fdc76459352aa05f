import type { DrainExit, DrainExitInfo } from '@drainboard/drain';

/**
 * Lets main.ts wire the drain library's `exit` after both apps exist (the admin app and the database are
 * created after the traffic app). Until `set` is called, exiting means `process.exit(code)`.
 */
export class ExitHolder {
  private fn: DrainExit = (code) => process.exit(code);

  set(fn: DrainExit): void {
    this.fn = fn;
  }

  /** Runs the wired exit; the drain library calls this as its `exit` option. */
  exit(code: number, info: DrainExitInfo): void | Promise<void> {
    return this.fn(code, info);
  }
}
