import { Module } from '@nestjs/common';

import { DrainService } from '@drainboard/drain';

import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { DRAIN_EVENT_SOURCE } from './drain-event-source.js';
import { RUN_SPOOL, RunRecorder } from './run-recorder.service.js';
import { RunSpool } from './run-spool.js';
import { RunsController } from './runs.controller.js';
import { RunsRepository } from './runs.repository.js';
import { RunsService } from './runs.service.js';

/**
 * Run history: records the shared `DrainService`'s runs into Postgres (spooling when it is down) and serves
 * `GET /admin/runs`. Needs `DatabaseModule`, `ConfigModule` and the global `DrainService`.
 */
@Module({
  controllers: [RunsController],
  providers: [
    RunsRepository,
    RunsService,
    RunRecorder,
    { provide: DRAIN_EVENT_SOURCE, useExisting: DrainService },
    {
      provide: RUN_SPOOL,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new RunSpool(config.dataDir),
    },
  ],
  exports: [RunsService, RunRecorder],
})
export class RunsModule {}
