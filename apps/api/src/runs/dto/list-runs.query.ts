import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { RUNS_PAGE_DEFAULT_LIMIT, RUNS_PAGE_MAX_LIMIT } from '@drainboard/contracts';
import { IsTimestamp } from '../../common/is-timestamp.js';

/** Query of `GET /admin/runs`. */
export class ListRunsQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: RUNS_PAGE_MAX_LIMIT,
    default: RUNS_PAGE_DEFAULT_LIMIT,
    type: 'integer',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RUNS_PAGE_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description:
      "The previous page's nextCursor: the runs after it, newest first (exact at equal start times)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({
    description:
      "Only runs started strictly before this instant (the previous page's nextBefore; kept for older clients, use cursor)",
    format: 'date-time',
  })
  @IsOptional()
  @IsTimestamp()
  before?: string;
}
