export { DRAIN_MODULE_OPTIONS } from './drain.constants.js';
export type {
  DrainClock,
  DrainExit,
  DrainExitInfo,
  DrainModuleAsyncOptions,
  DrainModuleOptions,
  DrainTimer,
} from './drain-options.js';
export { DrainModule } from './drain.module.js';
export { DrainService, type ConnectionCounts } from './drain.service.js';
export { DrainStateError, type DrainStateErrorCode } from './drain-state-error.js';
export { DrainReadinessIndicator, type DrainReadinessResult } from './health/drain-readiness.indicator.js';
export { enableDrainShutdownHooks, type DrainShutdownHooksOptions } from './lifecycle/shutdown-signals.js';
export type { PersistContext, RealtimeCloser, RunPersister } from './run/drain-context.js';
export type { RunRequest } from './run/drain-engine.js';
export type { DrainTicket } from './run/run-handle.js';
export { getRequestAbortSignal, RequestAbortSignal } from './tracking/request-abort-signal.js';
export { realClock } from './clock/real-clock.js';
