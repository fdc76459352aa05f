import { Injectable, Logger } from '@nestjs/common';
import { DrainService } from '@drainboard/drain';
import type { DrainRun, DrainTrigger, InstanceStateResponse } from '@drainboard/contracts';
import { firstValueFrom, filter, map, race, from } from 'rxjs';
import { ApiError } from '../common/api-error.js';
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

  /** Starts an admin drain (the process stays up); resolves with the new run once it has started. */
  async startDrain(body: DrainRequestDto, caller: AdminCaller): Promise<DrainRun> {
    this.assertNotStopping();
    if (this.drain.state !== 'serving')
      throw new ApiError('ALREADY_DRAINING', `The instance is ${this.drain.state}`);
    const opts = { trigger: this.trigger(body, caller), deadlineMs: body.deadlineMs };
    return this.started(this.drain.drain(opts), 'drain');
  }

  /** Resumes serving after a drain; 409 `NOT_DRAINING` unless draining or drained. */
  async resume(): Promise<InstanceStateResponse> {
    this.assertNotStopping();
    if (this.drain.state === 'serving') throw new ApiError('NOT_DRAINING', 'The instance is serving');
    await this.drain.resume();
    return this.state();
  }

  /** Starts a stop (drain, hooks, persist, exit); resolves with the run before the process goes. */
  async startStop(body: DrainRequestDto, caller: AdminCaller): Promise<DrainRun> {
    this.assertNotStopping();
    const opts = { trigger: this.trigger(body, caller), deadlineMs: body.deadlineMs };
    return this.started(this.drain.stop(opts), 'stop');
  }

  private assertNotStopping(): void {
    if (this.drain.state === 'stopping') throw new ApiError('ALREADY_STOPPING', 'The instance is stopping');
  }

  private trigger(body: DrainRequestDto, caller: AdminCaller): DrainTrigger {
    return { source: 'admin', ...caller, ...(body.reason !== undefined ? { reason: body.reason } : {}) };
  }

  /**
   * The run a just-called `drain()`/`stop()` works on: the current run if the engine already has it,
   * else the next `run-start` event, or the run itself if it ends first. The run goes on in the background.
   */
  private async started(done: Promise<DrainRun>, what: string): Promise<DrainRun> {
    done.catch((error: unknown) => this.logger.error(`Admin ${what} failed`, error));
    const current = this.drain.currentRun();
    if (current) return current;
    const startEvent = this.drain.events$.pipe(
      filter((event) => event.type === 'run-start'),
      map((event) => event.run),
    );
    return firstValueFrom(race(startEvent, from(done)));
  }
}
