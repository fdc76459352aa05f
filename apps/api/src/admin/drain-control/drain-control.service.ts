import { Injectable, Logger } from '@nestjs/common';

import type { DrainRun, DrainTrigger, InstanceStateResponse } from '@drainboard/contracts';
import { DrainService, type DrainTicket } from '@drainboard/drain';

import { ApiError } from '../../shared/common/api-error.js';
import { PreviewService } from '../preview/preview.service.js';
import type { AdminCaller } from './admin-caller.decorator.js';
import type { DrainRequestDto } from './dto/drain-request.dto.js';

/** Admin operations on this instance's drain engine: the state, drain, resume and stop. */
@Injectable()
export class DrainControlService {
  private readonly logger = new Logger('DrainControl');

  constructor(
    private readonly drain: DrainService,
    private readonly previews: PreviewService,
  ) {}

  /** `GET /admin/state`. */
  state(): InstanceStateResponse {
    const inFlightRequests = this.drain.inFlight();
    return {
      instanceId: this.drain.instanceId,
      state: this.drain.state,
      inFlight: inFlightRequests.length,
      openConnections: this.drain.connections().total,
      inFlightRequests,
      currentRun: this.drain.currentRun(),
      grace: this.previews.grace(),
    };
  }

  /** Starts an admin drain (the process stays up); answers with the run that started. */
  startDrain(body: DrainRequestDto, caller: AdminCaller): DrainRun {
    this.assertNotStopping();
    if (this.drain.state !== 'serving') {
      throw new ApiError('ALREADY_DRAINING', `The instance is ${this.drain.state}`);
    }
    const opts = { trigger: this.trigger(body, caller), deadlineMs: body.deadlineMs };
    return this.started(this.drain.drain(opts), 'drain');
  }

  /** Resumes serving after a drain; 409 `NOT_DRAINING` unless draining or drained. */
  async resume(): Promise<InstanceStateResponse> {
    this.assertNotStopping();
    if (this.drain.state === 'serving') {
      throw new ApiError('NOT_DRAINING', 'The instance is serving');
    }
    await this.drain.resume();
    return this.state();
  }

  /** Starts a stop (drain, hooks, persist, exit); answers with the stop run before the process goes. */
  startStop(body: DrainRequestDto, caller: AdminCaller): DrainRun {
    this.assertNotStopping();
    const opts = { trigger: this.trigger(body, caller), deadlineMs: body.deadlineMs };
    return this.started(this.drain.stop(opts), 'stop');
  }

  private assertNotStopping(): void {
    if (this.drain.state === 'stopping') {
      throw new ApiError('ALREADY_STOPPING', 'The instance is stopping');
    }
  }

  private trigger(body: DrainRequestDto, caller: AdminCaller): DrainTrigger {
    return { source: 'admin', ...caller, ...(body.reason !== undefined ? { reason: body.reason } : {}) };
  }

  /** The run that just started; it goes on in the background (its end is logged only when it fails). */
  private started({ run, done }: DrainTicket, what: string): DrainRun {
    done.catch((error: unknown) => this.logger.error(`Admin ${what} failed`, error));
    return run;
  }
}
