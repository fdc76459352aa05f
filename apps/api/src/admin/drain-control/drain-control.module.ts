import { Module } from '@nestjs/common';

import { PreviewModule } from '../preview/preview.module.js';
import { DrainControlController } from './drain-control.controller.js';
import { DrainControlService } from './drain-control.service.js';

/** `GET /admin/state`, `POST /admin/drain|resume|stop`. Needs the global `DrainService` and ThrottlerModule. */
@Module({
  imports: [PreviewModule],
  controllers: [DrainControlController],
  providers: [DrainControlService],
  exports: [DrainControlService],
})
export class DrainControlModule {}
