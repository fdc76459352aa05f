import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { DrainService } from '@drainboard/drain';

/** Readiness for the load balancer: red from the drain's `unready` stage on. */
@Controller('health')
export class HealthController {
  constructor(private readonly drain: DrainService) {}

  @Get('ready')
  ready(): { ready: true } {
    if (!this.drain.ready) throw new ServiceUnavailableException('draining');
    return { ready: true };
  }
}
