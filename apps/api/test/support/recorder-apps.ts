import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Controller, type DynamicModule, Get, Global, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { DrainModule, DrainService } from '@drainboard/drain';

import type { AppConfig } from '../../src/shared/config/app-config.js';
export { testConfig } from './recorder-apps-config.js';
import { InstancesModule } from '../../src/admin/instances/instances.module.js';
import { RunsModule } from '../../src/admin/runs/runs.module.js';
import { ConfigModule } from '../../src/shared/config/config.module.js';
import { DatabaseModule } from '../../src/shared/database/database.module.js';

/** A traffic route that outlives any short drain deadline, so it gets aborted. */
@Controller('demo')
class HangingController {
  @Get('hang')
  hang(): Promise<string> {
    return new Promise((resolve) => setTimeout(() => resolve('late'), 10_000).unref());
  }
}

/** A traffic app with the real drain library, listening on an ephemeral loopback port. */
export async function startTrafficApp(
  instanceId: string,
): Promise<{ app: INestApplication; drain: DrainService; port: number }> {
  @Module({
    imports: [DrainModule.forRoot({ instanceId, exit: () => undefined })],
    controllers: [HangingController],
  })
  class TrafficTestModule {}
  const app = await NestFactory.create(TrafficTestModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  return { app, drain: app.get(DrainService), port: address.port };
}

@Global()
@Module({})
class SharedDrain {
  static register(drain: DrainService): DynamicModule {
    return {
      module: SharedDrain,
      providers: [{ provide: DrainService, useValue: drain }],
      exports: [DrainService],
    };
  }
}

/** An admin-side app holding the database, the run recorder and the instance registration, as the API does. */
export async function startRecorderApp(
  drain: DrainService,
  config: AppConfig,
  url: string,
): Promise<INestApplication> {
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      SharedDrain.register(drain),
      DatabaseModule.forRoot(url),
      RunsModule,
      InstancesModule,
    ],
  })
  class RecorderTestModule {}
  const app = await NestFactory.create(RecorderTestModule, { logger: false });
  await app.init();
  return app;
}
