import { Module } from '@nestjs/common';

import { MetricsModule } from './metrics.module.js';
import { RecordedRunMetrics } from './recorded-runs.metrics.js';
import { RecordedRunsRepository } from './recorded-runs.repository.js';

/** `drainboard_recorded_*_total`: the run history's totals on `/metrics`. Needs `DatabaseModule`. */
@Module({ imports: [MetricsModule], providers: [RecordedRunsRepository, RecordedRunMetrics] })
export class RecordedRunsModule {}
