import { Module } from '@nestjs/common';

import { RunsModule } from '../runs/runs.module.js';
import { FleetRegistryService } from './fleet-registry.service.js';
import { InstancesController } from './instances.controller.js';
import { InstancesRepository } from './instances.repository.js';
import { InstancesService } from './instances.service.js';
import { LivenessSweeper } from './liveness-sweeper.service.js';

/**
 * The fleet registry: registers this process, heartbeats it, declares silent instances `lost` and closes their
 * runs as `interrupted`; `GET /admin/instances`. Needs `DatabaseModule`, `ConfigModule` and the global `DrainService`.
 */
@Module({
  imports: [RunsModule],
  controllers: [InstancesController],
  providers: [InstancesRepository, InstancesService, LivenessSweeper, FleetRegistryService],
  exports: [InstancesService, FleetRegistryService],
})
export class InstancesModule {}
