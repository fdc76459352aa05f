import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import type { Observable } from 'rxjs';

import type { DrainEvent, DrainRun, InFlightRequest, InstanceState } from '@drainboard/contracts';

import { DRAIN_MODULE_OPTIONS } from './drain.constants.js';
import type { ResolvedDrainOptions } from './drain-options.js';
import type { RealtimeCloser, RunPersister } from './run/drain-context.js';
import { DrainEngine, type RunRequest } from './run/drain-engine.js';
import { toInFlight } from './tracking/tracked-request.js';

/** Open sockets of the traffic server by kind. */
export interface ConnectionCounts {
  total: number;
  idle: number;
  busy: number;
  realtime: number;
}

/** The drain of one traffic server: state, in-flight work, runs and their events. */
@Injectable()
export class DrainService {
  /** @internal */
  readonly engine: DrainEngine;
  readonly instanceId: string;
  /** Every state transition, stage, run and request, as it happens (DrainEvent from @drainboard/contracts). */
  readonly events$: Observable<DrainEvent>;

  constructor(@Inject(DRAIN_MODULE_OPTIONS) options: ResolvedDrainOptions) {
    this.engine = new DrainEngine(options);
    this.instanceId = options.instanceId;
    this.events$ = this.engine.events.subject.asObservable();
  }

  get state(): InstanceState {
    return this.engine.state;
  }

  /** false from the `unready` stage on, true again after resume. */
  get ready(): boolean {
    return this.engine.ready;
  }

  /** Requests being served on the traffic port (SSE streams excluded). */
  inFlight(): InFlightRequest[] {
    return this.engine.traffic.requests.inFlight().map(toInFlight);
  }

  inFlightCount(): number {
    return this.engine.traffic.requests.inFlight().length;
  }

  connections(): ConnectionCounts {
    return this.engine.traffic.connections.counts();
  }

  /** The run in progress, or the drained run while `drained`. */
  currentRun(): DrainRun | null {
    const run = this.engine.currentRun();
    return run ? structuredClone(run) : null;
  }

  /** Drains the traffic port and keeps the process up. A second call returns the same promise. */
  drain(opts: RunRequest): Promise<DrainRun> {
    return this.engine.drain(opts);
  }

  /** Back to serving; throws DrainStateError('NOT_DRAINING') unless draining or drained. */
  resume(): Promise<void> {
    return this.engine.resume();
  }

  /** Drains (or joins a running drain), closes the app, persists and calls `exit(code)`. */
  stop(opts: RunRequest): Promise<DrainRun> {
    return this.engine.stop(opts);
  }

  /** Adds a persister run by the persist stage; returns a function that removes it. */
  registerPersister(name: string, persist: RunPersister): () => void {
    this.engine.persisters.set(name, persist);
    return () => this.engine.persisters.delete(name);
  }

  /** Adds a realtime closer run by the close-realtime stage; returns a function that removes it. */
  registerRealtime(name: string, close: RealtimeCloser): () => void {
    this.engine.realtime.set(name, close);
    return () => this.engine.realtime.delete(name);
  }

  /** The Nest app closed by the app-hooks stage (enableDrainShutdownHooks calls this). */
  attachApplication(app: INestApplication): void {
    this.engine.app = app;
  }
}
