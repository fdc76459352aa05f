import { Module } from '@nestjs/common';

import { DurationHistoryRepository } from './duration-history.repository.js';
import { DurationHistoryService } from './duration-history.service.js';
import { PreviewController } from './preview.controller.js';
import { PreviewService } from './preview.service.js';

/**
 * `GET /admin/drain/preview`, the grace check (also in `/admin/state` and logged at boot) and the route
 * durations they estimate from (live, and stored in `route_durations` across restarts).
 */
@Module({
  controllers: [PreviewController],
  providers: [PreviewService, DurationHistoryService, DurationHistoryRepository],
  exports: [PreviewService],
})
export class PreviewModule {}
