import type { FleetInstance, FleetStatus } from '@drainboard/contracts';

/** An instance as the fleet page shows it: the registry row, updated by the live statuses newer than it. */
export interface FleetRow extends FleetInstance {
  /** True when the live feed reported it after the registry was read (its numbers are live). */
  live: boolean;
}

/** Merges live statuses into the registry's rows; gone (stopped, lost) instances keep their registry values. */
export function mergeStatuses(
  instances: readonly FleetInstance[],
  statuses: ReadonlyMap<string, FleetStatus>,
): FleetRow[] {
  return instances.map((instance) => {
    const status = statuses.get(instance.id);
    const gone = instance.state === 'stopped' || instance.state === 'lost';
    if (!status || gone || status.at <= instance.lastHeartbeatAt) {
      return { ...instance, live: false };
    }
    return {
      ...instance,
      state: status.state,
      inFlight: status.inFlight,
      openConnections: status.openConnections,
      live: true,
    };
  });
}

/** Which commands make sense for an instance in this state. */
export function commandsFor(state: FleetInstance['state']): {
  drain: boolean;
  resume: boolean;
  stop: boolean;
} {
  return {
    drain: state === 'serving',
    resume: state === 'draining' || state === 'drained',
    stop: state === 'serving' || state === 'draining' || state === 'drained',
  };
}
