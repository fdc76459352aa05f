import { Module } from '@nestjs/common';

import { DrainControlModule } from '../drain-control/drain-control.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { LiveModule } from '../live/live.module.js';
import { FleetController } from './fleet.controller.js';
import { FleetAudit } from './fleet-audit.js';
import { FleetCommandsService } from './fleet-commands.service.js';
import { RegistryBridge } from './registry-bridge.js';
import { RollingDrainController } from './rolling-drain.controller.js';
import { RollingDrainService } from './rolling-drain.service.js';
import { RolloutsRepository } from './rollouts.repository.js';

/**
 * Fleet operations on any admin port: targeted commands with the min-ready guard and the rolling drain, carried
 * between instances by the live feed's `FleetBus`. Needs `DatabaseModule` (the registry) and the ThrottlerModule.
 */
@Module({
  imports: [InstancesModule, LiveModule, DrainControlModule],
  controllers: [FleetController, RollingDrainController],
  providers: [FleetAudit, FleetCommandsService, RegistryBridge, RolloutsRepository, RollingDrainService],
})
export class FleetModule {}
