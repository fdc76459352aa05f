import { type DynamicModule, Module, type Provider } from '@nestjs/common';

import { DemoController } from './demo.controller.js';
import { DemoGateway } from './demo.gateway.js';
import { DemoService } from './demo.service.js';
import { createDemoJob, DemoJob } from './demo-job.js';
import { DEMO_OPTIONS, type DemoModuleOptions } from './demo-options.js';
import { DemoWsServer } from './demo-ws.server.js';

/**
 * The demo workload: `/demo/*` routes, realtime (socket.io `/demo`, `/demo/ws`, SSE) and a periodic job. Runs on
 * Express and Fastify (a Fastify app needs a content-type parser that leaves `application/octet-stream` bodies
 * unread, for `POST /demo/upload`).
 */
@Module({})
export class DemoModule {
  static register(options: DemoModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: DEMO_OPTIONS, useValue: options },
      DemoService,
      DemoGateway,
      DemoWsServer,
    ];
    if ((options.jobIntervalMs ?? 0) > 0) {
      providers.push({ provide: DemoJob, useClass: createDemoJob(options.jobIntervalMs ?? 0) });
    }
    return { module: DemoModule, controllers: [DemoController], providers };
  }
}
