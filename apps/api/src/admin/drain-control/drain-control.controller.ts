import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

import type { DrainRun, InstanceStateResponse } from '@drainboard/contracts';

import { type AdminCaller, Caller } from './admin-caller.decorator.js';
import { DrainControlService } from './drain-control.service.js';
import { DrainRequestDto } from './dto/drain-request.dto.js';

/** State, drain, resume and stop of this instance (admin token required; mutations rate-limited). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class DrainControlController {
  constructor(private readonly control: DrainControlService) {}

  @Get('state')
  @ApiOkResponse({ description: 'Instance id, state, in-flight requests, open connections, current run' })
  state(): InstanceStateResponse {
    return this.control.state();
  }

  @Post('drain')
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @ApiAcceptedResponse({ description: 'The drain run that started' })
  @ApiConflictResponse({ description: 'ALREADY_DRAINING or ALREADY_STOPPING' })
  drain(@Body() body: DrainRequestDto, @Caller() caller: AdminCaller): DrainRun {
    return this.control.startDrain(body, caller);
  }

  @Post('resume')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ description: 'The state, back to serving' })
  @ApiConflictResponse({ description: 'NOT_DRAINING or ALREADY_STOPPING' })
  resume(): Promise<InstanceStateResponse> {
    return this.control.resume();
  }

  @Post('stop')
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @ApiAcceptedResponse({ description: 'The stop run; the process exits when it ends' })
  @ApiConflictResponse({ description: 'ALREADY_STOPPING' })
  stop(@Body() body: DrainRequestDto, @Caller() caller: AdminCaller): DrainRun {
    return this.control.startStop(body, caller);
  }
}
