import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { AUDIT_PAGE_DEFAULT_LIMIT, AUDIT_PAGE_MAX_LIMIT } from '@drainboard/contracts';

import { IsTimestamp } from '../../../shared/common/is-timestamp.js';

/** Query of `GET /admin/audit`. */
export class ListAuditQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: AUDIT_PAGE_MAX_LIMIT,
    default: AUDIT_PAGE_DEFAULT_LIMIT,
    type: 'integer',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description: "Only calls answered before this instant: the previous page's nextBefore",
    format: 'date-time',
  })
  @IsOptional()
  @IsTimestamp()
  before?: string;
}
