import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { findPackageVersion } from './package-version.js';
import { type InstanceRecord, InstancesRepository } from './instances.repository.js';

/** Period of the `lastSeenAt` heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/** Injection token of the heartbeat period (tests shorten it). */
export const HEARTBEAT_INTERVAL = Symbol.for('drainboard.heartbeat-interval');

/**
 * Registers this process in `instances` at boot and keeps its `lastSeenAt` fresh every 10 s (unref'ed timer,
 * stopped on shutdown). A failed heartbeat is logged and retried at the next tick.
 */
@Injectable()
export class InstancesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Instances');
  private timer?: NodeJS.Timeout;
  private beating = false;
  readonly instance: InstanceRecord;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repository: InstancesRepository,
    @Inject(HEARTBEAT_INTERVAL) private readonly intervalMs: number,
  ) {
    this.instance = {
      id: config.instanceId,
      host: os.hostname(),
      pid: process.pid,
      version: findPackageVersion(readFileSync),
      startedAt: new Date(),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.repository.register(this.instance);
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async beat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      const found = await this.repository.touch(this.instance.id, new Date());
      if (!found) await this.repository.register({ ...this.instance });
    } catch (error) {
      this.logger.warn(`heartbeat failed: ${(error as Error).message}`);
    } finally {
      this.beating = false;
    }
  }
}
