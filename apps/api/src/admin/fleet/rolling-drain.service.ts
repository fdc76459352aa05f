import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import type { RollingDrain, RollingDrainBody } from '@drainboard/contracts';

import { ApiError } from '../../shared/common/api-error.js';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import type { AdminCaller } from '../drain-control/admin-caller.decorator.js';
import { FleetRegistryService, isGone } from '../instances/fleet-registry.service.js';
import { FleetBus } from '../live/fleet-bus.js';
import { FleetAudit } from './fleet-audit.js';
import { FleetCommandsService } from './fleet-commands.service.js';
import { RollingDrainRunner } from './rolling-drain.runner.js';
import { RolloutsRepository } from './rollouts.repository.js';

/** Period of the reads while a DELETE waits for a remote coordinator to confirm the cancel. */
const CANCEL_POLL_MS = 100;

/**
 * `POST|GET|DELETE /admin/fleet/rolling-drain`. The receiving instance coordinates: it validates the targets,
 * stores the rollout (one at a time across the fleet), runs it in the background and publishes every change on
 * the live feed (`rolling-drain`). A cancel received by another instance is forwarded to the coordinator.
 */
@Injectable()
export class RollingDrainService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RollingDrain');
  private active: { id: string; abort: AbortController; done: Promise<RollingDrain> } | null = null;
  private subscription?: Subscription;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: FleetRegistryService,
    private readonly commands: FleetCommandsService,
    private readonly repository: RolloutsRepository,
    private readonly bus: FleetBus,
    private readonly audit: FleetAudit,
  ) {}

  onModuleInit(): void {
    this.subscription = this.bus.on('fleet:rolling-cancel').subscribe((request) => {
      if (this.active?.id === request.rolloutId) {
        this.active.abort.abort();
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.active?.abort.abort();
  }

  /** Starts a rolling drain; 409 `ROLLING_DRAIN_ACTIVE` while another runs anywhere in the fleet. */
  async start(body: RollingDrainBody, caller: AdminCaller): Promise<RollingDrain> {
    const self = this.config.instanceId;
    const order = await this.targets(body.instances);
    const rollout: RollingDrain = {
      id: randomUUID(),
      coordinatorId: self,
      mode: body.mode,
      deadlineMs: body.deadlineMs ?? null,
      status: 'running',
      steps: order.map((instanceId) => ({
        instanceId,
        status: 'pending',
        message: null,
        runId: null,
        startedAt: null,
        endedAt: null,
      })),
      message: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    const running = await this.repository.startUnlessRunning(rollout);
    const entry = { action: 'fleet.rolling-drain.start' as const, receivedBy: self, target: null, caller };
    if (running) {
      this.audit.record({
        ...entry,
        status: 409,
        code: 'ROLLING_DRAIN_ACTIVE',
        at: new Date().toISOString(),
      });
      throw new ApiError(
        'ROLLING_DRAIN_ACTIVE',
        `Rolling drain ${running.id} (on ${running.coordinatorId}) is running`,
      );
    }
    this.audit.record({ ...entry, status: 202, at: new Date().toISOString() });
    this.bus.publish('fleet:rolling', rollout);
    const abort = new AbortController();
    const runner = new RollingDrainRunner(
      { registry: this.registry, commands: this.commands, report: (r) => this.report(r), selfId: self },
      rollout,
      abort.signal,
    );
    this.active = { id: rollout.id, abort, done: runner.run() };
    void this.active.done.finally(() => {
      if (this.active?.id === rollout.id) {
        this.active = null;
      }
    });
    return structuredClone(rollout);
  }

  /** The running rollout, else the most recent one; 404 when there never was one. */
  async current(): Promise<RollingDrain> {
    const current = await this.repository.current();
    if (!current) {
      throw new ApiError('ROLLING_DRAIN_NOT_FOUND', 'No rolling drain has run yet');
    }
    return current;
  }

  /** Cancels the running rollout (wherever it runs) and answers once its coordinator has stopped it. */
  async cancel(caller: AdminCaller): Promise<RollingDrain> {
    const self = this.config.instanceId;
    const current = await this.repository.current();
    const entry = { action: 'fleet.rolling-drain.cancel' as const, receivedBy: self, target: null, caller };
    if (!current || current.status !== 'running') {
      this.audit.record({
        ...entry,
        status: 404,
        code: 'ROLLING_DRAIN_NOT_FOUND',
        at: new Date().toISOString(),
      });
      throw new ApiError('ROLLING_DRAIN_NOT_FOUND', 'No rolling drain is running');
    }
    this.audit.record({ ...entry, target: current.coordinatorId, status: 200, at: new Date().toISOString() });
    if (this.active?.id === current.id) {
      this.active.abort.abort();
      return this.active.done;
    }
    this.bus.publish('fleet:rolling-cancel', { rolloutId: current.id, from: self });
    const deadline = Date.now() + this.config.fleet.commandTimeoutMs;
    while (Date.now() < deadline) {
      const now = await this.repository.current();
      if (now && now.id === current.id && now.status !== 'running') {
        return now;
      }
      await new Promise((resolve) => setTimeout(resolve, CANCEL_POLL_MS));
    }
    throw new ApiError(
      'FLEET_TIMEOUT',
      `The coordinator ${current.coordinatorId} did not confirm the cancel in time`,
    );
  }

  /** The instances in order: as given (each must be live), else every live instance by id; the coordinator last. */
  private async targets(given: string[] | undefined): Promise<string[]> {
    const self = this.config.instanceId;
    const { instances } = await this.registry.list();
    const live = instances.filter((instance) => !isGone(instance.state));
    if (given) {
      for (const id of given) {
        const found = instances.find((instance) => instance.id === id) ?? (await this.registry.find(id));
        if (!found) {
          throw new ApiError('INSTANCE_NOT_FOUND', `No instance ${id} in the fleet registry`);
        }
        if (isGone(found.state)) {
          throw new ApiError('INSTANCE_GONE', `Instance ${id} is ${found.state}`);
        }
      }
    }
    const order = given ?? live.map((instance) => instance.id);
    return [...order.filter((id) => id !== self), ...order.filter((id) => id === self)];
  }

  private async report(rollout: RollingDrain): Promise<void> {
    this.bus.publish('fleet:rolling', structuredClone(rollout));
    await this.repository
      .save(rollout)
      .catch((error: Error) => this.logger.warn(`could not store progress: ${error.message}`));
  }
}
