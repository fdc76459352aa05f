import 'reflect-metadata';

import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Interval, ScheduleModule } from '@nestjs/schedule';
import { DrainModule, enableDrainShutdownHooks } from '@drainboard/drain';

import { announce } from './announce.js';
import { HealthController } from './health.controller.js';
import { SlowController } from './slow.controller.js';

/** A job whose executions take longer than its period: a drain must let the running one finish. */
@Injectable()
class ReportJob {
  private runs = 0;

  @Interval('report', 200)
  async report(): Promise<void> {
    const n = ++this.runs;
    console.log(`job-start ${n}`);
    await sleep(700);
    console.log(`job-end ${n}`);
  }
}

@Module({
  imports: [DrainModule.forRoot({ deadlineMs: 10_000, lbDelayMs: 1_000 }), ScheduleModule.forRoot()],
  controllers: [SlowController, HealthController],
  providers: [ReportJob],
})
class AppModule {}

const app = await NestFactory.create(AppModule, { logger: ['error', 'warn', 'log'] });
enableDrainShutdownHooks(app);
await app.listen(0, '127.0.0.1');
announce(app);
