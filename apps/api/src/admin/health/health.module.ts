import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { DrainReadinessIndicator } from '@drainboard/drain';

import { DatabaseHealthIndicator } from './database.indicator.js';
import { DatabasePingRepository } from './database-ping.repository.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

/** Health routes. Needs the global `DrainService`, and `PrismaService` when `withDatabase` is set. */
@Module({})
export class HealthModule {
  /** @param withDatabase whether the app has a database to report on readiness. */
  static register({ withDatabase }: { withDatabase: boolean }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        DrainReadinessIndicator,
        DatabaseHealthIndicator,
        HealthService,
        ...(withDatabase ? [DatabasePingRepository] : []),
      ],
    };
  }
}
