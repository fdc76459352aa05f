import { Module } from '@nestjs/common';

import { PreviewController } from './preview.controller.js';
import { PreviewService } from './preview.service.js';

/** `GET /admin/drain/preview` and the grace check (also in `/admin/state` and logged at boot). */
@Module({ controllers: [PreviewController], providers: [PreviewService], exports: [PreviewService] })
export class PreviewModule {}
