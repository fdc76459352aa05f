import { setTimeout as sleep } from 'node:timers/promises';

import { Controller, Get, Query } from '@nestjs/common';

/** A handler that takes a while: the requests a drain must let finish. */
@Controller()
export class SlowController {
  @Get('slow')
  async slow(@Query('id') id = '?', @Query('ms') ms = '500'): Promise<{ id: string; sleptMs: number }> {
    const sleptMs = Number(ms);
    console.log(`request-start ${id}`);
    await sleep(sleptMs);
    return { id, sleptMs };
  }
}
