import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type Provider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { DRAIN_MODULE_OPTIONS, DRAIN_RAW_OPTIONS } from './drain.constants.js';
import { DrainService } from './drain.service.js';
import {
  type DrainModuleAsyncOptions,
  type DrainModuleOptions,
  resolveDrainOptions,
} from './drain-options.js';
import { DrainReadinessIndicator } from './health/drain-readiness.indicator.js';
import { DrainLifecycle } from './lifecycle/drain-lifecycle.js';
import { RealtimeDiscovery } from './tracking/realtime-discovery.js';

const SHARED_PROVIDERS: Provider[] = [
  { provide: DRAIN_MODULE_OPTIONS, useFactory: resolveDrainOptions, inject: [DRAIN_RAW_OPTIONS] },
  DrainService,
  DrainReadinessIndicator,
  DrainLifecycle,
  RealtimeDiscovery,
];

/** Graceful, observable shutdown for the traffic app. Global: import it once, in the root module. */
@Module({})
export class DrainModule implements NestModule {
  /** @internal Nest creates the module. */
  constructor(private readonly lifecycle: DrainLifecycle) {}

  /** Registers DrainService and DrainReadinessIndicator globally with static options. */
  static forRoot(options: DrainModuleOptions = {}): DynamicModule {
    return {
      module: DrainModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: DRAIN_RAW_OPTIONS, useValue: options }, ...SHARED_PROVIDERS],
      exports: [DrainService, DrainReadinessIndicator],
    };
  }

  /** Same as forRoot, with options from a factory (e.g. the app's validated config). */
  static forRootAsync(options: DrainModuleAsyncOptions): DynamicModule {
    return {
      module: DrainModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        { provide: DRAIN_RAW_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        ...SHARED_PROVIDERS,
      ],
      exports: [DrainService, DrainReadinessIndicator],
    };
  }

  /**
   * Nest calls configure() once every provider exists and before any onModuleInit, so scheduled
   * methods are wrapped before @nestjs/schedule's explorer reads them.
   */
  configure(_consumer: MiddlewareConsumer): void {
    this.lifecycle.wrapJobs();
  }
}
