import { Module } from '@nestjs/common';
import { DrainControlController } from './drain-control.controller.js';
import { DrainControlService } from './drain-control.service.js';
import { PreviewModule } from '../preview/preview.module.js';

/** `GET /admin/state`, `POST /admin/drain|resume|stop`. Needs the global `DrainService` and ThrottlerModule. */
@Module({
  imports: [PreviewModule],
  controllers: [DrainControlController],
  providers: [DrainControlService],
  exports: [DrainControlService],
})
export class DrainControlModule {}
