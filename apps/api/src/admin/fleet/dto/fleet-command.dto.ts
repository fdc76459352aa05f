import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

import type { FleetCommandBody } from '@drainboard/contracts';

import { DrainRequestDto } from '../../drain-control/dto/drain-request.dto.js';

/** Body of `POST /admin/instances/:id/drain|stop`: the drain body plus `force`. */
export class FleetCommandDto extends DrainRequestDto implements FleetCommandBody {
  @ApiPropertyOptional({ description: 'Override the FLEET_MIN_READY guard' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

/** Body of `POST /admin/instances/:id/resume` (optional; `force` is accepted and has nothing to override). */
export class FleetResumeDto implements Pick<FleetCommandBody, 'force'> {
  @ApiPropertyOptional({ description: 'Accepted for symmetry; a resume is never refused by the guard' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}
