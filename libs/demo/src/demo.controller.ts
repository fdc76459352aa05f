import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';

import { DemoService, type SlowResult } from './demo.service.js';
import { DEMO_OPTIONS, type DemoModuleOptions } from './demo-options.js';
import { MAX_BLOCK_MS, ParseMsPipe } from './parse-ms.pipe.js';
import { type PlatformRequest, type PlatformResponse, rawRequest, rawResponse } from './platform.js';

/** The demo workload's HTTP routes. */
@Controller('demo')
export class DemoController {
  constructor(
    private readonly demo: DemoService,
    @Inject(DEMO_OPTIONS) private readonly options: DemoModuleOptions,
  ) {}

  /** `GET /demo/fast`: answers at once. */
  @Get('fast')
  fast(): { ok: true } {
    return { ok: true };
  }

  /** `GET /demo/slow?ms=N`: waits N ms without blocking (default 1000). */
  @Get('slow')
  slow(@Query('ms', new ParseMsPipe()) ms: number, @Req() req: PlatformRequest): Promise<SlowResult> {
    return this.demo.slow(ms, this.options.signalOf?.(rawRequest(req)));
  }

  /** `GET /demo/block?ms=N`: keeps the CPU busy for N ms, blocking the event loop (default 100, at most 10 s). */
  @Get('block')
  block(@Query('ms', new ParseMsPipe(100, MAX_BLOCK_MS)) ms: number): { busyMs: number; iterations: number } {
    return this.demo.block(ms);
  }

  /** `GET /demo/stream?ms=N`: streams a line every 100 ms for N ms (default 3000). */
  @Get('stream')
  stream(@Query('ms', new ParseMsPipe(3000)) ms: number, @Res() res: PlatformResponse): void {
    this.demo.stream(ms, rawResponse(res));
  }

  /** `POST /demo/upload`: reads the whole body, answers its size (send it as application/octet-stream). */
  @Post('upload')
  @HttpCode(200)
  upload(@Req() req: PlatformRequest): Promise<{ bytes: number }> {
    return this.demo.upload(rawRequest(req));
  }

  /** `GET /demo/events`: server-sent events, a tick a second. */
  @Get('events')
  events(@Res() res: PlatformResponse): void {
    this.demo.events(rawResponse(res));
  }
}
