import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import {
  API_ERROR_STATUS,
  type ApiErrorCode,
  type DrainRun,
  type FleetCommand,
  type FleetCommandBody,
  type FleetCommandReply,
  type FleetCommandRequest,
  type FleetCommandResponse,
  type InstanceStateResponse,
} from '@drainboard/contracts';

import { ApiError } from '../../shared/common/api-error.js';
import { isApiErrorCode } from '../../shared/common/error-body.js';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import type { AdminCaller } from '../drain-control/admin-caller.decorator.js';
import { DrainControlService } from '../drain-control/drain-control.service.js';
import { FleetRegistryService, isGone } from '../instances/fleet-registry.service.js';
import { FleetLockTimeout } from '../instances/instances.repository.js';
import { InstancesService } from '../instances/instances.service.js';
import { FleetBus } from '../live/fleet-bus.js';
import { FleetAudit } from './fleet-audit.js';
import { PendingReplies, ReplyTimeout } from './pending-replies.js';

/** The ids an instance can have (`INSTANCE_ID`'s rule); anything else is unknown without asking the database. */
const INSTANCE_ID = /^[\w.:-]{1,128}$/;
/** Grace added to the command timeout for the lock's transaction. */
const LOCK_MARGIN_MS = 1000;

type CommandResult = DrainRun | InstanceStateResponse;

/**
 * Targeted commands: `POST /admin/instances/:id/drain|resume|stop` on any admin port. The receiving instance
 * checks the registry (404 unknown, 409 gone), applies the min-ready guard under the fleet lock (409
 * `FLEET_MIN_READY` unless `force`), then runs the command itself when it is the target, or sends it through
 * `FleetBus` (the Postgres adapter's server-side events) and waits for the target's answer (504 after
 * `FLEET_COMMAND_TIMEOUT_MS`). The target records its new state before it answers, so the next guarded command
 * counts it right. A command that arrives after its deadline is dropped, never run late.
 */
@Injectable()
export class FleetCommandsService implements OnModuleInit, OnModuleDestroy {
  private readonly replies = new PendingReplies<FleetCommandReply>();
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: FleetRegistryService,
    private readonly control: DrainControlService,
    private readonly instances: InstancesService,
    private readonly bus: FleetBus,
    private readonly audit: FleetAudit,
  ) {}

  onModuleInit(): void {
    const self = this.config.instanceId;
    this.subscriptions = [
      this.bus.on('fleet:command').subscribe((request) => {
        if (request.target === self && request.from !== self) {
          void this.answer(request);
        }
      }),
      this.bus.on('fleet:reply').subscribe((reply) => {
        if (reply.to === self) {
          this.replies.settle(reply.requestId, reply);
        }
      }),
    ];
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) {
      subscription.unsubscribe();
    }
  }

  /** Sends `command` to instance `id`, answering with its result or the error it (or the guard) raised. */
  async send(
    id: string,
    command: FleetCommand,
    body: FleetCommandBody,
    caller: AdminCaller,
  ): Promise<FleetCommandResponse> {
    const receivedBy = this.config.instanceId;
    const entry = { action: `fleet.${command}` as const, receivedBy, target: id, caller };
    try {
      const result = await this.guardedSend(id, command, body, caller);
      this.audit.record({ ...entry, status: command === 'resume' ? 200 : 202, at: new Date().toISOString() });
      return { instanceId: id, command, receivedBy, result };
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'INTERNAL';
      this.audit.record({ ...entry, status: API_ERROR_STATUS[code], code, at: new Date().toISOString() });
      throw error;
    }
  }

  private async guardedSend(
    id: string,
    command: FleetCommand,
    body: FleetCommandBody,
    caller: AdminCaller,
  ): Promise<CommandResult> {
    const target = INSTANCE_ID.test(id) ? await this.registry.find(id) : null;
    if (!target) {
      throw new ApiError('INSTANCE_NOT_FOUND', `No instance ${id.slice(0, 128)} in the fleet registry`);
    }
    if (isGone(target.state)) {
      throw new ApiError('INSTANCE_GONE', `Instance ${id} is ${target.state}`);
    }
    const dispatch = (): Promise<CommandResult> => this.dispatch(id, command, body, caller);
    // Only taking a serving instance out lowers the ready count; resume and force are never refused.
    if (command === 'resume' || body.force === true || target.state !== 'serving') {
      return dispatch();
    }
    const { minReady, commandTimeoutMs } = this.config.fleet;
    try {
      return await this.registry.guarded(id, commandTimeoutMs + LOCK_MARGIN_MS, async (readyOthers) => {
        if (readyOthers < minReady) {
          throw new ApiError(
            'FLEET_MIN_READY',
            `${command === 'stop' ? 'Stopping' : 'Draining'} ${id} would leave ${readyOthers} ready instance(s); FLEET_MIN_READY is ${minReady}. Send "force": true to override.`,
          );
        }
        return dispatch();
      });
    } catch (error) {
      if (error instanceof FleetLockTimeout) {
        throw new ApiError('FLEET_TIMEOUT', 'Another fleet command is still being decided; try again');
      }
      throw error;
    }
  }

  private async dispatch(
    id: string,
    command: FleetCommand,
    body: FleetCommandBody,
    caller: AdminCaller,
  ): Promise<CommandResult> {
    const self = this.config.instanceId;
    if (id === self) {
      return this.execute(command, body, { ...caller, via: self });
    }
    const requestId = randomUUID();
    const timeoutMs = this.config.fleet.commandTimeoutMs;
    const answer = this.replies.wait(requestId, timeoutMs);
    const expiresAt = Date.now() + timeoutMs;
    this.bus.publish('fleet:command', {
      requestId,
      from: self,
      target: id,
      command,
      body,
      caller,
      expiresAt,
    });
    let reply: FleetCommandReply;
    try {
      reply = await answer;
    } catch (error) {
      if (!(error instanceof ReplyTimeout)) {
        throw error;
      }
      throw new ApiError(
        'FLEET_TIMEOUT',
        `Instance ${id} did not answer within ${timeoutMs} ms; the command was not confirmed (check GET /admin/instances)`,
      );
    }
    if (reply.ok) {
      return reply.result as CommandResult;
    }
    const code: ApiErrorCode = isApiErrorCode(reply.error?.code) ? reply.error.code : 'INTERNAL';
    throw new ApiError(code, reply.error?.message ?? `Instance ${id} refused the command`);
  }

  /** Runs a command on this instance and records its new state before answering. */
  private async execute(
    command: FleetCommand,
    body: FleetCommandBody,
    caller: AdminCaller & { via: string },
  ): Promise<CommandResult> {
    const request = {
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(body.deadlineMs !== undefined ? { deadlineMs: body.deadlineMs } : {}),
    };
    // The caller is spread into the run's trigger, `via` (the receiving instance) included.
    const result =
      command === 'drain'
        ? this.control.startDrain(request, caller)
        : command === 'stop'
          ? this.control.startStop(request, caller)
          : await this.control.resume();
    await this.instances.syncState();
    return result;
  }

  private async answer(request: FleetCommandRequest): Promise<void> {
    const self = this.config.instanceId;
    if (Date.now() > request.expiresAt) {
      return;
    }
    const reply = { requestId: request.requestId, from: self, to: request.from };
    try {
      const result = await this.execute(request.command, request.body, {
        ...request.caller,
        via: request.from,
      });
      this.bus.publish('fleet:reply', { ...reply, ok: true, result });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const message = isApiErrorCode(code) ? (error as Error).message : `Instance ${self} failed to run it`;
      const failure = { code: isApiErrorCode(code) ? code : 'INTERNAL', message };
      this.bus.publish('fleet:reply', { ...reply, ok: false, error: failure });
    }
  }
}
