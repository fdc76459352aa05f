import { type INestApplication, Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';

import type { DrainEvent, DrainRun, InFlightRequest, InstanceState } from '@drainboard/contracts';

import { DRAIN_MODULE_OPTIONS } from './drain.constants.js';
import type { ResolvedDrainOptions } from './drain-options.js';
import type { RequestEndListener } from './events/drain-events.js';
import type { RealtimeCloser, RunPersister } from './run/drain-context.js';
import { DrainEngine, type RunRequest } from './run/drain-engine.js';
import type { DrainTicket } from './run/run-handle.js';
import { toInFlight } from './tracking/tracked-request.js';

/** Open sockets of the traffic server by kind. */
export interface ConnectionCounts {
  total: number;
  idle: number;
  busy: number;
  realtime: number;
}

// The engine stays out of the public surface (and out of the .d.ts): the library reaches it through engineOf().
const ENGINES = new WeakMap<DrainService, DrainEngine>();

/** The engine behind a DrainService. Library-internal: not exported from the package. */
export function engineOf(service: DrainService): DrainEngine {
  const engine = ENGINES.get(service);
  if (!engine) {
    throw new Error('DrainService has no engine');
  }
  return engine;
}

/**
 * The drain of one traffic server: state, in-flight work, runs and their events. States and what each call
 * does in each state are one table (see the package README, "States and commands").
 */
@Injectable()
export class DrainService {
  readonly instanceId: string;
  /** Every state transition, stage, run and request, as it happens (DrainEvent from @drainboard/contracts). */
  readonly events$: Observable<DrainEvent>;
  /**
   * The same events without `request-start` and `request-end`: states, runs, stages and requests cut off. While
   * nobody subscribes to `events$`, no per-request event is built (count requests with `onRequestEnd`).
   */
  readonly runEvents$: Observable<DrainEvent>;

  /** @internal Nest creates the service (DrainModule). */
  constructor(@Inject(DRAIN_MODULE_OPTIONS) options: ResolvedDrainOptions) {
    const engine = new DrainEngine(options);
    ENGINES.set(this, engine);
    this.instanceId = options.instanceId;
    this.events$ = engine.events.subject.asObservable();
    this.runEvents$ = engine.events.runSubject.asObservable();
  }

  /**
   * Calls `listener` synchronously with every request that ends on the traffic port (method, route, status code,
   * duration; one object shared by all listeners, no timestamp string). Cheaper per request than `events$`.
   * Returns a function that removes it.
   */
  onRequestEnd(listener: RequestEndListener): () => void {
    return engineOf(this).events.onRequestEnd(listener);
  }

  /** `serving`, `draining` (also while a resume reopens the listener), `drained` or `stopping`. */
  get state(): InstanceState {
    return engineOf(this).state;
  }

  /**
   * false from the `unready` stage on, true again after resume; also false while the traffic server is attached but
   * not listening yet (at boot), so a balancer never sees an instance ready before its port accepts.
   */
  get ready(): boolean {
    const engine = engineOf(this);
    return engine.ready && (!engine.traffic.attached || engine.traffic.listening);
  }

  /** Requests being served on the traffic port (SSE streams excluded). */
  inFlight(): InFlightRequest[] {
    return engineOf(this).traffic.requests.inFlight().map(toInFlight);
  }

  inFlightCount(): number {
    return engineOf(this).traffic.requests.inFlight().length;
  }

  connections(): ConnectionCounts {
    return engineOf(this).traffic.connections.counts();
  }

  /** Snapshot of the run in progress, or of the drained run while `drained`; null while serving. */
  currentRun(): DrainRun | null {
    return engineOf(this).currentRun();
  }

  /**
   * Drains the traffic port and keeps the process up. Returns the run that started (`run`, a frozen snapshot)
   * and its final snapshot (`done`). While draining or drained it hands out the current run again.
   * @throws DrainStateError `ALREADY_STOPPING` while stopping, `ALREADY_DRAINING` while a resume reopens.
   */
  drain(request: RunRequest): DrainTicket {
    return engineOf(this).drain(request);
  }

  /**
   * Back to serving: the listener accepts again, then it resolves with the resumed run (its outcome kept,
   * `resumedAt` set). A second call during the same resume gets the same promise.
   * @throws DrainStateError `NOT_DRAINING` while serving, `ALREADY_STOPPING` while stopping.
   */
  resume(): Promise<DrainRun> {
    return engineOf(this).resume();
  }

  /**
   * Drains (or carries the current drain on), runs the app hooks, persists, then calls `exit(code, { forced:
   * false })`. Returns the stop run (`run`) and its final snapshot (`done`, resolved before exit is called).
   * While stopping it hands out the same run again.
   */
  stop(request: RunRequest): DrainTicket {
    return engineOf(this).stop(request);
  }

  /**
   * Adds a persister, called by the persist stage with a snapshot of the run and `{ budgetMs, signal }`
   * (bounded by `persistTimeoutMs` or the time left to the deadline). Returns a function that removes it.
   */
  registerPersister(name: string, persist: RunPersister): () => void {
    const { persisters } = engineOf(this);
    persisters.set(name, persist);
    return () => void (persisters.get(name) === persist && persisters.delete(name));
  }

  /**
   * Adds a realtime closer, called by the close-realtime stage to tell clients to reconnect elsewhere; it
   * resolves with how many it closed. Returns a function that removes it.
   */
  registerRealtime(name: string, close: RealtimeCloser): () => void {
    const { realtime } = engineOf(this);
    realtime.set(name, close);
    return () => void (realtime.get(name) === close && realtime.delete(name));
  }

  /** The Nest app closed by the app-hooks stage of a stop (enableDrainShutdownHooks calls this). */
  attachApplication(app: INestApplication): void {
    engineOf(this).app = app;
  }
}
