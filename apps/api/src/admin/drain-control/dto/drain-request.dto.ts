import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, NotContains } from 'class-validator';

import { type DrainRequestBody, MAX_DEADLINE_MS, MAX_REASON_LENGTH } from '@drainboard/contracts';

/** Body of `POST /admin/drain` and `POST /admin/stop`; both fields optional, nothing else allowed. */
export class DrainRequestDto implements DrainRequestBody {
  @ApiPropertyOptional({
    description: 'Free text kept with the run, stored verbatim',
    maxLength: MAX_REASON_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  // Postgres text cannot hold U+0000; anything else is stored verbatim.
  @NotContains('\u0000', { message: 'reason must not contain NUL characters' })
  reason?: string;

  @ApiPropertyOptional({
    description: 'Budget from trigger to forced cut-off (default DRAIN_DEADLINE_MS)',
    minimum: 1,
    maximum: MAX_DEADLINE_MS,
    type: 'integer',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_DEADLINE_MS)
  deadlineMs?: number;
}
