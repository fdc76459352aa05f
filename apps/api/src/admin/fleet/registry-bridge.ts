import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import { InstancesService } from '../instances/instances.service.js';
import { FleetBus } from '../live/fleet-bus.js';

/** Puts the registry changes this process notices (its own transitions, instances it declared lost) on the fleet feed. */
@Injectable()
export class RegistryBridge implements OnModuleInit, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    private readonly instances: InstancesService,
    private readonly bus: FleetBus,
  ) {}

  onModuleInit(): void {
    this.subscription = this.instances.changes$.subscribe((change) =>
      this.bus.publish('fleet:instance', change),
    );
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
