import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';

import { Public } from '../auth/public.decorator.js';
import { HealthService } from './health.service.js';
import { HealthCheckFilter } from './health-check.filter.js';

/** `GET /health/live` and `GET /health/ready` (no token: load balancers and kubelets call them). */
@ApiTags('health')
@Public()
@UseFilters(HealthCheckFilter)
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.live();
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.ready();
  }
}
