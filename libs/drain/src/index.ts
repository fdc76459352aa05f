export { realClock } from './clock/real-clock.js';
export { DRAIN_MODULE_OPTIONS } from './drain.constants.js';
export { DrainModule } from './drain.module.js';
export { type ConnectionCounts, DrainService } from './drain.service.js';
export type {
  DrainClock,
  DrainExit,
  DrainExitInfo,
  DrainModuleAsyncOptions,
  DrainModuleOptions,
  DrainTimer,
} from './drain-options.js';
export { DrainStateError, type DrainStateErrorCode } from './drain-state-error.js';
export type { RequestEnd, RequestEndListener } from './events/drain-events.js';
export { DrainReadinessIndicator, type DrainReadinessResult } from './health/drain-readiness.indicator.js';
export { type DrainShutdownHooksOptions, enableDrainShutdownHooks } from './lifecycle/shutdown-signals.js';
export type { PersistContext, RealtimeCloser, RunPersister } from './run/drain-context.js';
export type { RunRequest } from './run/drain-engine.js';
export type { DrainTicket } from './run/run-handle.js';
export { getRequestAbortSignal, RequestAbortSignal } from './tracking/request-abort-signal.js';

// The shapes this API hands out live in @drainboard/contracts (a dependency, same version): re-exported so users
// import everything from this package and never depend on a package they did not install.
export type {
  AbortedRequest,
  AbortedRequestKind,
  DrainEvent,
  DrainRun,
  DrainRunKind,
  DrainRunOutcome,
  DrainStage,
  DrainStageRecord,
  DrainTrigger,
  InFlightRequest,
  InstanceState,
  StageOutcome,
  TriggerSource,
} from '@drainboard/contracts';
