import type { DrainRequestBody, InstanceStateResponse } from './admin-api.js';
import type { DrainRun } from './drain-run.js';

/** Commands `POST /admin/instances/:id/<command>` sends to an instance. */
export const FLEET_COMMANDS = ['drain', 'resume', 'stop'] as const;
export type FleetCommand = (typeof FLEET_COMMANDS)[number];

/** Body of `POST /admin/instances/:id/drain|stop` (`resume` takes `force` only, which it ignores). */
export interface FleetCommandBody extends DrainRequestBody {
  /** Overrides the `FLEET_MIN_READY` guard. */
  force?: boolean;
}

/** Answer of a targeted command: the target's own answer (the run for drain/stop, its state for resume). */
export interface FleetCommandResponse {
  instanceId: string;
  command: FleetCommand;
  receivedBy: string;
  result: DrainRun | InstanceStateResponse;
}
