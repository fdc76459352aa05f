/** Injection token of the resolved `DrainModuleOptions`. */
export const DRAIN_MODULE_OPTIONS = Symbol.for('drainboard.drain.module-options');
/** Injection token of the raw options given to `forRoot` / `forRootAsync`. */
export const DRAIN_RAW_OPTIONS = Symbol.for('drainboard.drain.raw-options');

/** Smallest time budget given to a lifecycle hook, even past the deadline. */
export const MIN_STEP_BUDGET_MS = 50;
