import { Module } from '@nestjs/common';

import { LiveMetrics } from '../metrics/live-metrics.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { FleetBus } from './fleet-bus.js';
import { FleetFeedService } from './fleet-feed.service.js';
import { LiveGateway } from './live.gateway.js';
import { LiveFeedService } from './live-feed.service.js';

/**
 * Live feed on the admin app: socket.io namespace `/live`. Needs the traffic app's `DrainService` and `APP_CONFIG`
 * as global providers. With a database, the gateway puts the admin app's socket.io server on the Postgres adapter
 * (`FleetBus`), so the feed and `FleetBus` span the fleet.
 */
@Module({
  imports: [MetricsModule],
  providers: [LiveFeedService, LiveGateway, LiveMetrics, FleetBus, FleetFeedService],
  exports: [FleetBus],
})
export class LiveModule {}
