import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';

import {
  MAX_DEADLINE_MS,
  ROLLING_DRAIN_MODES,
  type RollingDrainBody,
  type RollingDrainMode,
} from '@drainboard/contracts';

/** Most instances one rolling drain may name. */
export const MAX_ROLLING_INSTANCES = 1000;

/** Body of `POST /admin/fleet/rolling-drain`. */
export class RollingDrainDto implements RollingDrainBody {
  @ApiPropertyOptional({
    description:
      'Instance ids in the order to drain them (default: every live instance, the receiving one last)',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ROLLING_INSTANCES)
  @ArrayUnique()
  @Matches(/^[\w.:-]{1,128}$/, { each: true, message: 'each instance must be an instance id' })
  instances?: string[];

  @ApiProperty({ enum: ROLLING_DRAIN_MODES, description: 'resume: drain then resume each; stop: stop each' })
  @IsIn(ROLLING_DRAIN_MODES)
  mode!: RollingDrainMode;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_DEADLINE_MS, type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_DEADLINE_MS)
  deadlineMs?: number;
}
