export { DRAIN_MODULE_OPTIONS } from './drain.constants.js';
export type { DrainClock, DrainModuleAsyncOptions, DrainModuleOptions } from './drain-options.js';
export { DrainModule } from './drain.module.js';
export { DrainService, type ConnectionCounts } from './drain.service.js';
export { DrainStateError, type DrainStateErrorCode } from './drain-state-error.js';
export { DrainReadinessIndicator, type DrainReadinessResult } from './health/drain-readiness.indicator.js';
export { enableDrainShutdownHooks, type DrainShutdownHooksOptions } from './lifecycle/shutdown-signals.js';
export type { RealtimeCloser, RunPersister } from './run/drain-context.js';
export type { RunRequest } from './run/drain-engine.js';
export { getRequestAbortSignal, RequestAbortSignal } from './tracking/request-abort-signal.js';
export { realClock } from './clock/real-clock.js';

// The shapes this API hands out live in @drainboard/contracts (a dependency, same version): re-exported so users
// import everything from this package and never depend on a package they did not install.
export type {
  AbortedRequest,
  DrainEvent,
  DrainEventType,
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
