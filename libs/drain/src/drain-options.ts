import { hostname } from 'node:os';

import { Logger, type LoggerService, type ModuleMetadata } from '@nestjs/common';

import type { DrainClock } from './clock/drain-clock.js';
import { realClock } from './clock/real-clock.js';

export type { DrainClock, DrainTimer } from './clock/drain-clock.js';

/** Why the host is asked to exit. */
export interface DrainExitInfo {
  /**
   * true when the exit cuts a stop short (a third signal while stopping): the run did not end, nothing after
   * the drain (hooks, persist) can be relied on. false after a stop run ended and was persisted.
   */
  forced: boolean;
}

/** Ends the process after a stop. */
export type DrainExit = (code: number, info: DrainExitInfo) => void | Promise<void>;

/** Options of `DrainModule.forRoot`. */
export interface DrainModuleOptions {
  /** Budget from trigger to forced cut-off. @default 30000 */
  deadlineMs?: number;
  /** Time between readiness going red and the listener closing (load balancer delay). @default 0 */
  lbDelayMs?: number;
  /** Request AbortSignals fire this long before the cut-off (capped at deadline/4). @default 250 */
  abortLeadMs?: number;
  /** An idle keep-alive socket active within this window gets a last call instead of an immediate close. @default 20 */
  idleSocketGraceMs?: number;
  /** Budget of one lifecycle hook, also bounded by the time left to the deadline. @default 5000 */
  hookTimeoutMs?: number;
  /**
   * Least time the persist stage waits for each persister, even when the deadline is spent (a persister gets
   * the time left to the deadline when that is more). Persisters see it as `budgetMs`. @default 1000
   */
  persistTimeoutMs?: number;
  /** Name of this instance in runs and events. @default `${hostname}-${pid}` */
  instanceId?: string;
  /** Time source: every timestamp, deadline, budget and delay. @default realClock (unref'ed timers) */
  clock?: DrainClock;
  /**
   * Ends the process after a stop (code 0 for a clean run), or at once with `{ forced: true }` on a third
   * signal. @default (code) => process.exit(code)
   */
  exit?: DrainExit;
  /** Where the library logs. @default new Logger('Drain') */
  logger?: LoggerService;
}

/** Options of `DrainModule.forRootAsync`. */
export interface DrainModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject?: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => DrainModuleOptions | Promise<DrainModuleOptions>;
}

/** Options with every default applied. */
export type ResolvedDrainOptions = Required<DrainModuleOptions>;

const NUMERIC_DEFAULTS = {
  deadlineMs: 30_000,
  lbDelayMs: 0,
  abortLeadMs: 250,
  idleSocketGraceMs: 20,
  hookTimeoutMs: 5_000,
  persistTimeoutMs: 1_000,
} as const;

function checkDuration(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(
      `DrainModule option "${name}" must be a non-negative finite number, got ${String(value)}`,
    );
  }
  return value;
}

/** Applies defaults and rejects bad values with a message naming the option. */
export function resolveDrainOptions(options: DrainModuleOptions = {}): ResolvedDrainOptions {
  const numbers = { ...NUMERIC_DEFAULTS } as Record<keyof typeof NUMERIC_DEFAULTS, number>;
  for (const key of Object.keys(NUMERIC_DEFAULTS) as Array<keyof typeof NUMERIC_DEFAULTS>) {
    if (options[key] !== undefined) {
      numbers[key] = checkDuration(key, options[key]);
    }
  }
  if (options.exit !== undefined && typeof options.exit !== 'function') {
    throw new TypeError('DrainModule option "exit" must be a function');
  }
  const clock = options.clock ?? realClock;
  if (typeof clock.now !== 'function' || typeof clock.setTimeout !== 'function') {
    throw new TypeError('DrainModule option "clock" must have now() and setTimeout() (see DrainClock)');
  }
  return {
    ...numbers,
    instanceId: options.instanceId ?? `${hostname()}-${process.pid}`,
    clock,
    exit: options.exit ?? ((code: number) => process.exit(code)),
    logger: options.logger ?? new Logger('Drain'),
  };
}

/** `abortLeadMs` capped at a quarter of the deadline. */
export function effectiveAbortLead(options: ResolvedDrainOptions, deadlineMs: number): number {
  return Math.min(options.abortLeadMs, deadlineMs / 4);
}
