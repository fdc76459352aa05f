import { Module } from '@nestjs/common';
import { InstancesRepository } from './instances.repository.js';
import { HEARTBEAT_INTERVAL, HEARTBEAT_INTERVAL_MS, InstancesService } from './instances.service.js';

/** Registers this API process in `instances` at boot and runs its heartbeat. Needs `DatabaseModule`. */
@Module({
  providers: [
    InstancesRepository,
    InstancesService,
    { provide: HEARTBEAT_INTERVAL, useValue: HEARTBEAT_INTERVAL_MS },
  ],
  exports: [InstancesService],
})
export class InstancesModule {}
