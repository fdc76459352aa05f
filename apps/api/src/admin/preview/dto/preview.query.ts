import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { MAX_DEADLINE_MS } from '@drainboard/contracts';

/** Query of `GET /admin/drain/preview`. */
export class PreviewQueryDto {
  @ApiPropertyOptional({
    description:
      'Deadline of the drain to preview; default: what is left of the run in progress, else DRAIN_DEADLINE_MS',
    minimum: 1,
    maximum: MAX_DEADLINE_MS,
    type: 'integer',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_DEADLINE_MS)
  deadlineMs?: number;
}
