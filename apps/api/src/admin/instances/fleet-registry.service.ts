import { Inject, Injectable } from '@nestjs/common';

import {
  FLEET_GONE_STATES,
  type FleetInstance,
  type FleetInstancesResponse,
  type FleetInstanceState,
} from '@drainboard/contracts';

import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { type InstanceRow, InstancesRepository } from './instances.repository.js';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** A registry row in the contracts' shape. */
export function toFleetInstance(row: InstanceRow): FleetInstance {
  return {
    id: row.id,
    host: row.host,
    pid: row.pid,
    version: row.version,
    trafficUrl: row.trafficUrl,
    adminUrl: row.adminUrl,
    state: row.state as FleetInstanceState,
    inFlight: row.inFlight,
    openConnections: row.openConnections,
    startedAt: row.startedAt.toISOString(),
    lastHeartbeatAt: row.lastSeenAt.toISOString(),
    heartbeatAgeMs: Math.max(0, Math.round(row.ageMs)),
    stoppedAt: iso(row.stoppedAt),
    lostAt: iso(row.lostAt),
  };
}

/** Whether the instance is stopped or lost. */
export function isGone(state: string): boolean {
  return (FLEET_GONE_STATES as readonly string[]).includes(state);
}

/** The fleet as the registry in Postgres knows it: what `GET /admin/instances` answers and what guards read. */
@Injectable()
export class FleetRegistryService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: InstancesRepository,
  ) {}

  /** Live instances by id, then the 50 most recently gone ones. */
  async list(): Promise<FleetInstancesResponse> {
    const { minReady, heartbeatIntervalMs, heartbeatTimeoutMs } = this.config.fleet;
    const instances = (await this.repository.list()).map(toFleetInstance);
    const ready = instances.filter((i) => i.state === 'serving' && i.heartbeatAgeMs < heartbeatTimeoutMs);
    return {
      instances,
      receivedBy: this.config.instanceId,
      ready: ready.length,
      minReady,
      heartbeatIntervalMs,
      heartbeatTimeoutMs,
    };
  }

  /** One instance, or null when the registry has never seen it. */
  async find(id: string): Promise<FleetInstance | null> {
    const row = await this.repository.find(id);
    return row ? toFleetInstance(row) : null;
  }

  /** Ready instances (serving, fresh heartbeat) other than `exceptId`. */
  countReady(exceptId: string | null): Promise<number> {
    return this.repository.countReady(this.config.fleet.heartbeatTimeoutMs, exceptId);
  }

  /**
   * Runs `work` under the fleet-wide lock with the ready count of the fleet other than `targetId`, read inside
   * the lock (see `InstancesRepository.withFleetLock`). Holds the lock for at most `holdMs`.
   */
  guarded<T>(targetId: string, holdMs: number, work: (readyOthers: number) => Promise<T>): Promise<T> {
    const { heartbeatTimeoutMs } = this.config.fleet;
    return this.repository.withFleetLock(holdMs, holdMs, async (countReady) =>
      work(await countReady(heartbeatTimeoutMs, targetId)),
    );
  }
}
