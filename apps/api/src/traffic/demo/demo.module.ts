import { type DynamicModule, Module, type Provider } from '@nestjs/common';

import { DemoController } from './demo.controller.js';
import { DemoGateway } from './demo.gateway.js';
import { DemoService } from './demo.service.js';
import { createDemoJob, DemoJob } from './demo-job.js';
import { DemoWsServer } from './demo-ws.server.js';

/** Options of the demo workload. */
export interface DemoModuleOptions {
  /** Period of the background demo job; 0 leaves it out. */
  jobIntervalMs: number;
}

/** The demo workload: `/demo/*` routes, realtime (socket.io `/demo`, `/demo/ws`, SSE) and a periodic job (needs `ScheduleModule.forRoot()` in the app). */
@Module({})
export class DemoModule {
  static register(options: DemoModuleOptions): DynamicModule {
    const providers: Provider[] = [DemoService, DemoGateway, DemoWsServer];
    if (options.jobIntervalMs > 0) {
      providers.push({ provide: DemoJob, useClass: createDemoJob(options.jobIntervalMs) });
    }
    return { module: DemoModule, controllers: [DemoController], providers };
  }
}
