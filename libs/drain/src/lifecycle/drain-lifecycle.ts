import type { Server } from 'node:http';

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost } from '@nestjs/core';

import { DRAIN_MODULE_OPTIONS } from '../drain.constants.js';
import { DrainService, engineOf } from '../drain.service.js';
import type { ResolvedDrainOptions } from '../drain-options.js';
import { wrapScheduledMethods } from '../schedule/schedule-wrapper.js';

const BEFORE_CLOSE_WRAPPED = Symbol.for('drainboard.before-close');
type Adapter = { beforeClose?: () => unknown; getHttpServer?: () => unknown; [BEFORE_CLOSE_WRAPPED]?: true };

/** Connects the DrainService to the host app: traffic server, adapter beforeClose, hooks and jobs. */
@Injectable()
export class DrainLifecycle implements OnApplicationBootstrap {
  private jobsWrapped = false;

  constructor(
    private readonly drain: DrainService,
    private readonly discovery: DiscoveryService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(DRAIN_MODULE_OPTIONS) private readonly options: ResolvedDrainOptions,
  ) {}

  /** Runs before any onModuleInit (from DrainModule.configure) so the schedule explorer sees the wrappers. */
  wrapJobs(): void {
    if (this.jobsWrapped) {
      return;
    }
    this.jobsWrapped = true;
    wrapScheduledMethods(this.discovery, engineOf(this.drain).jobs);
  }

  onApplicationBootstrap(): void {
    this.wrapJobs();
    const own = new Set<unknown>([DrainLifecycle, DrainService]);
    engineOf(this.drain).hooks.wrapAll(this.discovery, own);
    const adapter = this.adapterHost.httpAdapter as unknown as Adapter | undefined;
    const server = adapter?.getHttpServer?.() as Server | undefined;
    if (!adapter || !server || typeof server.prependListener !== 'function') {
      this.options.logger.warn?.('No HTTP server found: requests and connections are not tracked');
      return;
    }
    engineOf(this.drain).traffic.attach(server);
    this.wrapBeforeClose(adapter);
  }

  /** Nest 12 calls httpAdapter.beforeClose() first thing in app.close(), before any onModuleDestroy. */
  private wrapBeforeClose(adapter: Adapter): void {
    if (adapter[BEFORE_CLOSE_WRAPPED]) {
      return;
    }
    adapter[BEFORE_CLOSE_WRAPPED] = true;
    const original = adapter.beforeClose?.bind(adapter);
    adapter.beforeClose = async () => {
      await engineOf(this.drain).beforeClose();
      await original?.();
    };
  }
}
