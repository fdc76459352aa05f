import type { INestApplication, LoggerService } from '@nestjs/common';

import type { DrainRun, DrainStage, StageOutcome } from '@drainboard/contracts';

import type { ResolvedDrainOptions } from '../drain-options.js';
import type { DrainEvents } from '../events/drain-events.js';
import type { HookRecorder } from '../lifecycle/hook-recorder.js';
import type { JobTracker } from '../schedule/job-tracker.js';
import type { TrafficServer } from '../tracking/traffic-server.js';

/** Closes realtime clients (socket.io, WebSocket); resolves with how many were closed. */
export type RealtimeCloser = (ctx: { deadlineAt: number }) => Promise<number>;

/**
 * Library-internal: a closer that can do its preparation (finding its servers) while requests drain, so the
 * close-realtime stage after the last response only closes. `prepare` is called once per run, at the start of
 * drain-requests, with the same `deadlineAt` the closer is later called with.
 */
export type PreparedRealtimeCloser = RealtimeCloser & { prepare?: (ctx: { deadlineAt: number }) => void };

/** What a persister is given besides the run. */
export interface PersistContext {
  /** Time the persist stage waits for this persister (`persistTimeoutMs`, or more when the deadline allows). */
  budgetMs: number;
  /** Aborts when the budget is spent: the stage has stopped waiting and recorded a timeout. */
  signal: AbortSignal;
}
/** Writes a run somewhere durable; bounded by `ctx.budgetMs` (a persister that needs a fallback starts it before). */
export type RunPersister = (run: DrainRun, ctx: PersistContext) => Promise<void>;

/** Everything a stage may read or act on. */
export interface DrainContext {
  readonly run: DrainRun;
  readonly deadlineAt: number;
  /** Aborted when the run is interrupted by `resume()`. */
  readonly interrupted: AbortSignal;
  /** Aborted when the run's deadline is reached (the engine's `deadline` command). */
  readonly deadlineReached: AbortSignal;
  readonly options: ResolvedDrainOptions;
  readonly events: DrainEvents;
  readonly logger: LoggerService;
  readonly traffic: TrafficServer;
  readonly jobs: JobTracker;
  readonly hooks: HookRecorder;
  readonly realtime: ReadonlyMap<string, RealtimeCloser>;
  readonly persisters: ReadonlyMap<string, RunPersister>;
  readonly app: INestApplication | null;
  setReady(ready: boolean): void;
  isReady(): boolean;
  /** Exit code decided by the run (set before the exit stage). */
  exitCode: number;
}

/** What a stage reports; the runner adds timing. */
export interface StageResult {
  outcome?: Exclude<StageOutcome, 'running'>;
  details?: Record<string, unknown>;
}

/** One step of a drain run. */
export interface DrainStageStep {
  readonly name: DrainStage;
  /** Runs even after `resume()` interrupted the run. */
  readonly runsWhenInterrupted?: boolean;
  run(ctx: DrainContext): Promise<StageResult>;
}

/** Milliseconds left to the deadline (never negative). */
export function timeLeft(ctx: DrainContext): number {
  return Math.max(0, ctx.deadlineAt - ctx.options.clock.now());
}

/** The long-lived parts of an engine that every run's context shares. */
export type DrainParts = Pick<
  DrainContext,
  | 'options'
  | 'events'
  | 'traffic'
  | 'jobs'
  | 'hooks'
  | 'realtime'
  | 'persisters'
  | 'app'
  | 'setReady'
  | 'isReady'
>;

/** A fresh context for one run. */
export function createContext(
  parts: DrainParts,
  run: DrainRun,
  deadlineAt: number,
  signals: { interrupted: AbortSignal; deadlineReached: AbortSignal },
): DrainContext {
  return { ...parts, ...signals, logger: parts.options.logger, run, deadlineAt, exitCode: 0 };
}
