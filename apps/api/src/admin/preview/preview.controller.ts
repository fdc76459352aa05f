import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import type { DrainPreview } from '@drainboard/contracts';

import { PreviewQueryDto } from './dto/preview.query.js';
import { PreviewService } from './preview.service.js';

/** `GET /admin/drain/preview`: a dry run of a drain (guarded by the global admin guard; read-only). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/drain')
export class PreviewController {
  constructor(private readonly previews: PreviewService) {}

  @Get('preview')
  @ApiOkResponse({
    description: 'Which in-flight requests a drain with that deadline would cut, and the grace check',
  })
  preview(@Query() query: PreviewQueryDto): DrainPreview {
    return this.previews.preview(query.deadlineMs);
  }
}
