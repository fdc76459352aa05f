import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import type { AuditPage } from '@drainboard/contracts';

import { AuditService } from './audit.service.js';
import { ListAuditQueryDto } from './dto/list-audit.query.js';

/** `GET /admin/audit?limit&before`: who did what, when, from where, with what result (any role may read). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ description: 'Mutating admin calls, newest first' })
  list(@Query() query: ListAuditQueryDto): Promise<AuditPage> {
    return this.audit.list(query);
  }
}
