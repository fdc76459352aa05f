import { readFileSync } from 'node:fs';
import os from 'node:os';

import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Subject, type Subscription } from 'rxjs';

import type { FleetInstanceChange, FleetInstanceState } from '@drainboard/contracts';
import { DrainService } from '@drainboard/drain';

import { within } from '../../shared/common/within.js';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { RunRecorder } from '../runs/run-recorder.service.js';
import { RunsService } from '../runs/runs.service.js';
import { type InstanceRecord, InstancesRepository } from './instances.repository.js';
import { findPackageVersion } from './package-version.js';

/** Longest the `stopped` write may hold the exit. */
const STOP_WRITE_TIMEOUT_MS = 1000;

/**
 * This process in the fleet registry: registers it at boot (`starting`, closing what a previous process under the
 * same id left unfinished), records where it listens once it does, writes each state transition as it happens,
 * heartbeats its state and load every `FLEET_HEARTBEAT_INTERVAL_MS` (unref'ed timer) and marks it `stopped` on a
 * clean shutdown. A failed write is logged and corrected by the next heartbeat.
 */
@Injectable()
export class InstancesService
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown, OnModuleDestroy
{
  private readonly logger = new Logger('Instances');
  private readonly changeSubject = new Subject<FleetInstanceChange>();
  private timer?: NodeJS.Timeout;
  private subscription?: Subscription;
  private beating = false;
  private announced = false;
  private stopped = false;
  private writes: Promise<unknown> = Promise.resolve();
  private healthySince: number | null = null;
  readonly instance: InstanceRecord;
  /** Registry changes noticed by this process (itself, or others declared lost). */
  readonly changes$ = this.changeSubject.asObservable();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: InstancesRepository,
    private readonly runs: RunsService,
    private readonly drain: DrainService,
    private readonly recorder: RunRecorder,
  ) {
    this.instance = {
      id: config.instanceId,
      host: os.hostname(),
      pid: process.pid,
      version: findPackageVersion(readFileSync),
      startedAt: new Date(),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const { id, pid } = this.instance;
    const previous = await this.repository.markLost(id, `restarted under the same id (now pid ${pid})`);
    if (previous) {
      await this.runs.closeRunsOfGoneInstances(id);
    }
    await this.repository.register(this.instance);
    this.healthySince = performance.now();
    this.subscription = this.drain.runEvents$.subscribe((event) => {
      if (event.type === 'state') {
        void this.writeState(`${event.from} -> ${event.to}`, event.runId);
      }
    });
    this.timer = setInterval(() => void this.beat(), this.config.fleet.heartbeatIntervalMs);
    this.timer.unref();
  }

  /** Records the listeners' addresses and leaves `starting` for the engine's state. */
  async announce(ports: { traffic: number; admin: number }): Promise<void> {
    const host = this.config.fleet.advertiseHost ?? advertisedHost(this.config.host);
    await this.repository.announce(
      this.instance.id,
      `http://${host}:${ports.traffic}`,
      `http://${host}:${ports.admin}`,
    );
    this.announced = true;
    await this.writeState('listening');
  }

  /** Writes the current state now (after earlier writes); resolves once stored or failed. */
  syncState(): Promise<void> {
    return this.writeState(null);
  }

  /** How long the heartbeat has been succeeding without a failure (0 right after one failed). */
  healthyForMs(): number {
    return this.healthySince === null ? 0 : performance.now() - this.healthySince;
  }

  /** Reports a registry change (used by the lost-instance sweep). */
  publishChange(change: FleetInstanceChange): void {
    this.changeSubject.next(change);
  }

  /** The app is closing (the process exits next): the run is stored by now; record the stop before teardown. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.subscription?.unsubscribe();
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    const started = performance.now();
    await within(
      this.repository.markStopped(this.instance.id),
      STOP_WRITE_TIMEOUT_MS,
      `recording the stop took longer than ${STOP_WRITE_TIMEOUT_MS} ms`,
    ).catch((error: Error) =>
      this.logger.warn(`could not record this instance as stopped: ${error.message}`),
    );
    this.logger.debug(`recorded as stopped in ${Math.round(performance.now() - started)} ms`);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
  }

  onModuleDestroy(): void {
    this.changeSubject.complete();
  }

  private currentState(): FleetInstanceState {
    return this.announced ? this.drain.state : 'starting';
  }

  private writeState(detail: string | null, runId: string | null = null): Promise<void> {
    const write = this.writes.then(() => this.store(detail, runId));
    this.writes = write.catch(() => undefined);
    return write.catch((error: Error) => {
      this.failed(error);
    });
  }

  private async store(detail: string | null, runId: string | null): Promise<void> {
    if (this.stopped) {
      return;
    }
    const state = this.currentState();
    const beat = {
      state,
      inFlight: this.drain.inFlightCount(),
      openConnections: this.drain.connections().total,
    };
    const previous = await this.repository.beat(this.instance.id, beat, detail, runId);
    if (this.healthySince === null) {
      this.recovered();
    }
    if (previous === null) {
      await this.repository.register(this.instance);
      return this.store('registered again: the row was missing', runId);
    }
    if (previous === 'lost') {
      this.logger.warn(`this instance had been declared lost (no heartbeat in time); it is ${state} again`);
    }
    if (previous !== state) {
      this.changeSubject.next({ instanceId: this.instance.id, state, at: new Date().toISOString(), detail });
    }
  }

  private async beat(): Promise<void> {
    if (this.beating) {
      return;
    }
    this.beating = true;
    try {
      await this.writeState(null);
    } finally {
      this.beating = false;
    }
  }

  /** The database answers again after heartbeats failed: runs spooled meanwhile are written now, not at the next boot. */
  private recovered(): void {
    this.healthySince = performance.now();
    this.logger.log('heartbeat succeeded again; writing runs spooled during the outage');
    void this.recorder
      .replaySpool()
      .catch((error: Error) => this.logger.warn(`spool replay failed: ${error.message}`));
  }

  private failed(error: Error): void {
    if (this.healthySince !== null) {
      this.logger.warn(`heartbeat failed: ${error.message}`);
    }
    this.healthySince = null;
  }
}

/** The host put in registered URLs: the bound address unless it is a wildcard, else the machine's name. */
function advertisedHost(bound: string): string {
  if (bound === '0.0.0.0' || bound === '::' || bound === '') {
    return os.hostname();
  }
  return bound.includes(':') ? `[${bound}]` : bound;
}
