import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

import type { RollingDrain } from '@drainboard/contracts';

import { type AdminCaller, Caller } from '../drain-control/admin-caller.decorator.js';
import { RollingDrainDto } from './dto/rolling-drain.dto.js';
import { RollingDrainService } from './rolling-drain.service.js';

/** `POST|GET|DELETE /admin/fleet/rolling-drain`: one instance at a time, progress on the live feed. */
@ApiTags('fleet')
@ApiBearerAuth()
@Controller('admin/fleet/rolling-drain')
export class RollingDrainController {
  constructor(private readonly rolling: RollingDrainService) {}

  @Post()
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @ApiAcceptedResponse({ description: 'The rolling drain that started, with its steps' })
  @ApiConflictResponse({ description: 'ROLLING_DRAIN_ACTIVE or INSTANCE_GONE' })
  @ApiNotFoundResponse({ description: 'INSTANCE_NOT_FOUND' })
  start(@Body() body: RollingDrainDto, @Caller() caller: AdminCaller): Promise<RollingDrain> {
    return this.rolling.start(body, caller);
  }

  @Get()
  @ApiOkResponse({ description: 'The running rolling drain, else the most recent one' })
  @ApiNotFoundResponse({ description: 'ROLLING_DRAIN_NOT_FOUND' })
  current(): Promise<RollingDrain> {
    return this.rolling.current();
  }

  @Delete()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ description: 'The rolling drain, cancelled' })
  @ApiNotFoundResponse({ description: 'ROLLING_DRAIN_NOT_FOUND: none is running' })
  cancel(@Caller() caller: AdminCaller): Promise<RollingDrain> {
    return this.rolling.cancel(caller);
  }
}
