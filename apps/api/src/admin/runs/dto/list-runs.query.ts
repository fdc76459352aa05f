import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

import {
  DRAIN_RUN_KINDS,
  DRAIN_RUN_OUTCOMES,
  type DrainRunKind,
  type DrainRunOutcome,
  RUNS_PAGE_DEFAULT_LIMIT,
  RUNS_PAGE_MAX_LIMIT,
} from '@drainboard/contracts';

import { IsTimestamp } from '../../../shared/common/is-timestamp.js';

/** The shape of an instance id (`INSTANCE_ID`). */
const INSTANCE_ID = /^[\w.:-]{1,128}$/;

/** Query of `GET /admin/runs`: a page, optionally filtered by kind, outcome and instance. */
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

  @ApiPropertyOptional({ enum: DRAIN_RUN_KINDS, description: 'Only runs of this kind' })
  @IsOptional()
  @IsIn(DRAIN_RUN_KINDS, { message: `kind must be one of ${DRAIN_RUN_KINDS.join(', ')}` })
  kind?: DrainRunKind;

  @ApiPropertyOptional({ enum: DRAIN_RUN_OUTCOMES, description: 'Only runs with this outcome' })
  @IsOptional()
  @IsIn(DRAIN_RUN_OUTCOMES, { message: `outcome must be one of ${DRAIN_RUN_OUTCOMES.join(', ')}` })
  outcome?: DrainRunOutcome;

  @ApiPropertyOptional({ description: 'Only runs of this instance (its id)', pattern: INSTANCE_ID.source })
  @IsOptional()
  @Matches(INSTANCE_ID, { message: 'instance must be an instance id (1 to 128 of A-Z a-z 0-9 _ . : -)' })
  instance?: string;
}
