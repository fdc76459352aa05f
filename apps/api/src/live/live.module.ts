import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { LiveFeedService } from './live-feed.service.js';
import { LiveMetrics } from './live-metrics.js';
import { LiveGateway } from './live.gateway.js';

/**
 * Live feed on the admin app: socket.io namespace `/live`. Needs the traffic app's `DrainService` and `APP_CONFIG`
 * as global providers; Nest attaches its default socket.io adapter (`IoAdapter`) to the admin app's server.
 */
@Module({ imports: [MetricsModule], providers: [LiveFeedService, LiveGateway, LiveMetrics] })
export class LiveModule {}
