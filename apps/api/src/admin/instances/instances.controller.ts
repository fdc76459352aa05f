import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import type { FleetInstancesResponse } from '@drainboard/contracts';

import { FleetRegistryService } from './fleet-registry.service.js';

/** `GET /admin/instances`: the fleet registry (guarded by the global admin guard). */
@ApiTags('fleet')
@ApiBearerAuth()
@Controller('admin/instances')
export class InstancesController {
  constructor(private readonly registry: FleetRegistryService) {}

  @Get()
  @ApiOkResponse({
    description: 'Every live instance, then recently stopped or lost ones, with the ready count',
  })
  list(): Promise<FleetInstancesResponse> {
    return this.registry.list();
  }
}
