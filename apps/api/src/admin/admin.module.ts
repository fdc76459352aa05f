import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';

import { DrainService } from '@drainboard/drain';

import { ApiExceptionFilter } from '../shared/common/api-exception.filter.js';
import { AdminValidationPipe } from '../shared/common/validation.js';
import type { AppConfig } from '../shared/config/app-config.js';
import { ConfigModule } from '../shared/config/config.module.js';
import { DatabaseModule } from '../shared/database/database.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ConsoleModule } from './console/console.module.js';
import { DrainControlModule } from './drain-control/drain-control.module.js';
import { FleetModule } from './fleet/fleet.module.js';
import { HealthModule } from './health/health.module.js';
import { InstancesModule } from './instances/instances.module.js';
import { LiveModule } from './live/live.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RecordedRunsModule } from './metrics/recorded-runs.module.js';
import { NO_ROUTES, type RouteCatalog, TRAFFIC_ROUTES } from './metrics/route-label.js';
import { RunsModule } from './runs/runs.module.js';

/** What the admin app is built from. */
export interface AdminModuleOptions {
  /** The traffic app's drain engine, shared with every admin feature. */
  drain: DrainService;
  /** The traffic app's routes: the only values of the `route` metric label (default none: all `unmatched`). */
  trafficRoutes?: RouteCatalog;
  /** The validated configuration; `databaseUrl` is the migrated database (null: no database features). */
  config: AppConfig;
  /** Overrides `config.databaseUrl`. */
  databaseUrl?: string | null;
  /** Where the built console lives (default `apps/web/dist`); nothing is served when it is missing. */
  webDistDir?: string;
  /** Rate limit of the mutating admin endpoints, per client address and endpoint (default 10 per 10 s). */
  rateLimit?: { limit: number; ttlMs: number };
}

/** Default rate limit of `POST /admin/drain|resume|stop`. */
export const ADMIN_RATE_LIMIT = { limit: 10, ttlMs: 10_000 };

/** Makes the traffic app's `DrainService` and route catalogue injectable everywhere in the admin app. */
@Global()
@Module({})
class SharedDrainModule {
  static register(drain: DrainService, routes: RouteCatalog): DynamicModule {
    return {
      module: SharedDrainModule,
      providers: [
        { provide: DrainService, useValue: drain },
        { provide: TRAFFIC_ROUTES, useValue: routes },
      ],
      exports: [DrainService, TRAFFIC_ROUTES],
    };
  }
}

/**
 * The admin app on `ADMIN_PORT`: admin API, health, metrics, console; auth guard, validation pipe and the
 * error filter for all of them. It outlives the traffic app's drain and closes last (see docs/ARCHITECTURE.md).
 */
@Module({})
export class AdminModule {
  static register(options: AdminModuleOptions): DynamicModule {
    const databaseUrl = options.databaseUrl !== undefined ? options.databaseUrl : options.config.databaseUrl;
    const rateLimit = options.rateLimit ?? ADMIN_RATE_LIMIT;
    return {
      module: AdminModule,
      imports: [
        ConfigModule.forRoot(options.config),
        SharedDrainModule.register(options.drain, options.trafficRoutes ?? NO_ROUTES),
        ...(databaseUrl
          ? [
              DatabaseModule.forRoot(databaseUrl),
              InstancesModule,
              RunsModule,
              RecordedRunsModule,
              AuditModule,
              FleetModule,
            ]
          : []),
        ThrottlerModule.forRoot({ throttlers: [{ ttl: rateLimit.ttlMs, limit: rateLimit.limit }] }),
        AuthModule,
        DrainControlModule,
        HealthModule.register({ withDatabase: Boolean(databaseUrl) }),
        MetricsModule,
        LiveModule,
        ConsoleModule.register(options.webDistDir),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useClass: AdminValidationPipe },
      ],
    };
  }
}
