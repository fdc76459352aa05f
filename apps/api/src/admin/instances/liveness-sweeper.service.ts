import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { RunsService } from '../runs/runs.service.js';
import { InstancesRepository, type LostInstance } from './instances.repository.js';
import { InstancesService } from './instances.service.js';

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
export function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Finds instances that are gone and closes what they left unfinished, at boot and every heartbeat interval:
 * - an instance on this machine whose process no longer exists (kill -9 then a restart on the same DATA_DIR) is
 *   `lost` as soon as its heartbeat is a little late (1.5 intervals), without waiting for the timeout;
 * - any instance without a heartbeat for `FLEET_HEARTBEAT_TIMEOUT_MS` is `lost`, judged only by an instance whose
 *   own heartbeat has been succeeding for that long (after a database outage every heartbeat is late: nobody is
 *   declared lost for it) and only once Postgres has been up that long (see `sweepLost`);
 * - every run still `running` on a lost or stopped instance is closed as `interrupted`.
 * Every instance sweeps; the statements are idempotent and skip rows another sweeper holds.
 */
@Injectable()
export class LivenessSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Liveness');
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: InstancesRepository,
    private readonly runs: RunsService,
    private readonly instances: InstancesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep(true).catch((error: Error) => this.logger.warn(`boot sweep failed: ${error.message}`));
    this.timer = setInterval(() => void this.tick(), this.config.fleet.heartbeatIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sweep; `atBoot` trusts the database-uptime check alone (this process has no heartbeat history yet). */
  async sweep(atBoot = false): Promise<void> {
    const self = this.instances.instance;
    const { heartbeatIntervalMs, heartbeatTimeoutMs } = this.config.fleet;
    const lost: LostInstance[] = [];
    for (const stale of await this.repository.staleOnHost(self.host, self.id, heartbeatIntervalMs * 1.5)) {
      if (processExists(stale.pid)) {
        continue;
      }
      const detail = `process ${stale.pid} no longer exists on ${self.host}, noticed by ${self.id}`;
      const marked = await this.repository.markLost(stale.id, detail);
      if (marked) {
        lost.push(marked);
      }
    }
    if (atBoot || this.instances.healthyForMs() >= heartbeatTimeoutMs) {
      lost.push(...(await this.repository.sweepLost(heartbeatTimeoutMs, self.id)));
    }
    for (const gone of lost) {
      this.logger.warn(
        `instance ${gone.id} is lost (was ${gone.fromState}; last heartbeat ${gone.lastSeenAt.toISOString()})`,
      );
      const at = new Date().toISOString();
      this.instances.publishChange({
        instanceId: gone.id,
        state: 'lost',
        at,
        detail: `noticed by ${self.id}`,
      });
    }
    for (const run of await this.runs.closeRunsOfGoneInstances(self.id)) {
      this.logger.warn(
        `run ${run.runId} of ${run.instanceId} closed as interrupted (last seen ${run.lastSeenAt.toISOString()}, stages reached: ${run.stagesReached.join(', ') || 'none'})`,
      );
    }
  }

  private async tick(): Promise<void> {
    if (this.sweeping) {
      return;
    }
    this.sweeping = true;
    try {
      await this.sweep();
    } catch (error) {
      this.logger.debug(`sweep failed: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }
}
