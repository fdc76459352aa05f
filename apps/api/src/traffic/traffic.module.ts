import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';

import { DemoModule } from '@drainboard/demo';
import { type DrainExit, DrainModule, getRequestAbortSignal } from '@drainboard/drain';

import { PERSIST_TIMEOUT_MS } from '../admin/runs/persist-budget.js';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config.js';
import { ConfigModule } from '../shared/config/config.module.js';
import { DrainRunLogContext, DrainRunLogger } from '../shared/logging/drain-run-logger.js';

/** What the traffic app is built from. */
export interface TrafficModuleOptions {
  config: AppConfig;
  /** How the process exits after a stop (boot's final exit: it closes what boot opened, then exits). */
  exit: DrainExit;
}

/**
 * The traffic app on `PORT`: the drain library and the demo workload. Its request log is attached by boot.ts
 * (`attachRequestLog`, on the app's HTTP server).
 */
@Module({})
export class TrafficModule {
  static register({ config, exit }: TrafficModuleOptions): DynamicModule {
    const drainLogger = new DrainRunLogger();
    return {
      module: TrafficModule,
      imports: [
        ConfigModule.forRoot(config),
        ScheduleModule.forRoot(),
        DrainModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => ({
            deadlineMs: appConfig.drainDeadlineMs,
            lbDelayMs: appConfig.drainLbDelayMs,
            hookTimeoutMs: appConfig.drainHookTimeoutMs,
            instanceId: appConfig.instanceId,
            persistTimeoutMs: PERSIST_TIMEOUT_MS,
            exit,
            logger: drainLogger,
          }),
        }),
        DemoModule.register({ jobIntervalMs: config.demoJobIntervalMs, signalOf: getRequestAbortSignal }),
      ],
      providers: [{ provide: DrainRunLogger, useValue: drainLogger }, DrainRunLogContext],
    };
  }
}
