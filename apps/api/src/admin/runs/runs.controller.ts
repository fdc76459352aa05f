import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import type { DrainRun, RunsPage } from '@drainboard/contracts';

import { ApiError } from '../../shared/common/api-error.js';
import { ListRunsQueryDto } from './dto/list-runs.query.js';
import { RunsService } from './runs.service.js';

/** `GET /admin/runs` and `GET /admin/runs/:id`: run history (guarded by the global admin guard). */
@ApiTags('runs')
@ApiBearerAuth()
@Controller('admin/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Get()
  list(@Query() query: ListRunsQueryDto): Promise<RunsPage> {
    return this.runs.list(query);
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<DrainRun> {
    const run = await this.runs.get(id);
    if (!run) {
      throw new ApiError('RUN_NOT_FOUND', `No run with id ${id.slice(0, 100)}`);
    }
    return run;
  }
}
