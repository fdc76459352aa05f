import type { IncomingMessage } from 'node:http';

/** Options of the demo workload (`DemoModule.register`). */
export interface DemoModuleOptions {
  /** Period of the background demo job (needs `ScheduleModule.forRoot()` in the app); 0 or absent leaves it out. */
  jobIntervalMs?: number;
  /**
   * The AbortSignal that fires when the request is about to be cut off (with `@drainboard/drain`:
   * `getRequestAbortSignal`). `GET /demo/slow` then stops waiting and answers 503. Absent: never aborted.
   */
  signalOf?: (req: IncomingMessage) => AbortSignal | undefined;
}

/** Injection token of the `DemoModuleOptions`. */
export const DEMO_OPTIONS = Symbol('DEMO_OPTIONS');
