import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

import type { FleetCommandResponse } from '@drainboard/contracts';

import { type AdminCaller, Caller } from '../drain-control/admin-caller.decorator.js';
import { FleetCommandDto, FleetResumeDto } from './dto/fleet-command.dto.js';
import { FleetCommandsService } from './fleet-commands.service.js';

/** `POST /admin/instances/:id/drain|resume|stop`: any instance of the fleet, from any admin port. */
@ApiTags('fleet')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'INSTANCE_NOT_FOUND' })
@ApiGatewayTimeoutResponse({ description: 'FLEET_TIMEOUT: the target did not answer in time' })
@Controller('admin/instances/:id')
export class FleetController {
  constructor(private readonly commands: FleetCommandsService) {}

  @Post('drain')
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @ApiAcceptedResponse({ description: "The target's drain run" })
  @ApiConflictResponse({
    description: 'FLEET_MIN_READY, INSTANCE_GONE, ALREADY_DRAINING or ALREADY_STOPPING',
  })
  drain(
    @Param('id') id: string,
    @Body() body: FleetCommandDto,
    @Caller() caller: AdminCaller,
  ): Promise<FleetCommandResponse> {
    return this.commands.send(id, 'drain', body, caller);
  }

  @Post('resume')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ description: "The target's state, back to serving" })
  @ApiConflictResponse({ description: 'INSTANCE_GONE, NOT_DRAINING or ALREADY_STOPPING' })
  resume(
    @Param('id') id: string,
    @Body() body: FleetResumeDto,
    @Caller() caller: AdminCaller,
  ): Promise<FleetCommandResponse> {
    return this.commands.send(id, 'resume', body, caller);
  }

  @Post('stop')
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @ApiAcceptedResponse({ description: "The target's stop run; it exits when the run ends" })
  @ApiConflictResponse({ description: 'FLEET_MIN_READY, INSTANCE_GONE or ALREADY_STOPPING' })
  stop(
    @Param('id') id: string,
    @Body() body: FleetCommandDto,
    @Caller() caller: AdminCaller,
  ): Promise<FleetCommandResponse> {
    return this.commands.send(id, 'stop', body, caller);
  }
}
