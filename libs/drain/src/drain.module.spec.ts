import { type INestApplication, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Interval, ScheduleModule } from '@nestjs/schedule';

import { DrainModule } from './drain.module.js';
import { DrainService } from './drain.service.js';
import { DrainReadinessIndicator } from './health/drain-readiness.indicator.js';

const log: Array<{ event: 'start' | 'end'; at: number }> = [];

@Injectable()
class SlowJob {
  @Interval('slow-job', 30)
  async tick(): Promise<void> {
    log.push({ event: 'start', at: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 150));
    log.push({ event: 'end', at: Date.now() });
  }
}

// ScheduleModule first on purpose: the jobs must be wrapped whatever the import order.
@Module({
  imports: [ScheduleModule.forRoot(), DrainModule.forRoot({ exit: () => undefined })],
  providers: [SlowJob],
})
class AppModule {}

let app: INestApplication;

beforeEach(async () => {
  log.length = 0;
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
});

afterEach(async () => {
  await app.close();
});

const until = async (check: () => boolean): Promise<void> => {
  const end = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('condition not met in 3 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('DrainModule with @nestjs/schedule', () => {
  it('awaits a running job, starts no new one while drained, and restarts jobs on resume', async () => {
    const drain = app.get(DrainService);
    const readiness = app.get(DrainReadinessIndicator);
    expect(readiness.isHealthy('drain')).toEqual({ drain: { status: 'up', state: 'serving', inFlight: 0 } });
    await until(() => log.length > 0 && log.at(-1)?.event === 'start');
    const run = await drain.drain({ trigger: { source: 'api' } }).done;
    const finishedAt = Date.parse(run.finishedAt!);
    expect(log.at(-1)?.event).toBe('end');
    expect(log.at(-1)!.at).toBeLessThanOrEqual(finishedAt + 5);
    expect(run.stages.find((s) => s.name === 'drain-requests')?.details).toMatchObject({
      atStart: { jobs: 1 },
    });
    expect(readiness.isHealthy('drain').drain.status).toBe('down');

    const count = log.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(log.length).toBe(count);

    await drain.resume();
    await until(() => log.length > count);
    expect(drain.state).toBe('serving');
  });
});

describe('readiness at boot', () => {
  it('stays down until the traffic server listens, so no balancer sees a port that refuses', async () => {
    @Module({ imports: [DrainModule.forRoot({ exit: () => undefined })] })
    class BootModule {}
    const booting = await NestFactory.create(BootModule, { logger: false });
    try {
      await booting.init();
      expect(booting.get(DrainReadinessIndicator).isHealthy('drain').drain.status).toBe('down');
      await booting.listen(0, '127.0.0.1');
      expect(booting.get(DrainReadinessIndicator).isHealthy('drain').drain.status).toBe('up');
    } finally {
      await booting.close();
    }
  });
});
