/** What the process does once a stop run has finished: close what is left, then exit with `code`. */
export type ExitFn = (code: number) => void | Promise<void>;

/**
 * Lets main.ts wire the drain library's `exit` after both apps exist (the admin app and the database are
 * created after the traffic app). Until `set` is called, exiting means `process.exit(code)`.
 */
export class ExitHolder {
  private fn: ExitFn = (code) => process.exit(code);

  set(fn: ExitFn): void {
    this.fn = fn;
  }

  /** Runs the wired exit; the drain library calls this as its `exit` option. */
  exit(code: number): void | Promise<void> {
    return this.fn(code);
  }
}
