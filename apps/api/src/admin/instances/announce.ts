import { type INestApplication, Logger } from '@nestjs/common';

import { InstancesService } from './instances.service.js';

/**
 * Tells the fleet registry where this process listens and that it left `starting` (called by boot once both
 * listeners are up). A no-op when the admin app runs without a database.
 */
export async function announceInstance(
  admin: INestApplication,
  ports: { traffic: number; admin: number },
): Promise<void> {
  let instances: InstancesService;
  try {
    instances = admin.get(InstancesService, { strict: false });
  } catch {
    return;
  }
  await instances
    .announce(ports)
    .catch((error: Error) =>
      new Logger('Instances').warn(`could not record the listeners: ${error.message}`),
    );
}
