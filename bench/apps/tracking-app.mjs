// Bench fixture of bench/tracking-memory.mjs: the demo workload (@drainboard/demo) in a Nest app, in one of three
// modes: `plain` (`enableShutdownHooks()` only), `drain` (DrainModule + enableDrainShutdownHooks: the library
// tracks every request and socket) and `drain-signal` (the same, and `GET /demo/slow` takes the request's
// AbortSignal from the library, as the product does). Prints `bench: listening port=<port>` once ready.
import 'reflect-metadata';

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { DemoModule } from '@drainboard/demo';
import { DrainModule, enableDrainShutdownHooks, getRequestAbortSignal } from '@drainboard/drain';

const mode = process.argv[2] ?? 'plain';
if (!['plain', 'drain', 'drain-signal'].includes(mode)) {
  throw new Error(`unknown mode ${mode}: plain, drain or drain-signal`);
}
const withDrain = mode !== 'plain';

class BenchModule {}
Module({
  imports: [
    ...(withDrain ? [DrainModule.forRoot({ lbDelayMs: 0, deadlineMs: 30_000 })] : []),
    DemoModule.register(mode === 'drain-signal' ? { signalOf: getRequestAbortSignal } : {}),
  ],
})(BenchModule);

const app = await NestFactory.create(BenchModule, { logger: ['error', 'warn'] });
if (withDrain) {
  enableDrainShutdownHooks(app);
} else {
  app.enableShutdownHooks();
}
await app.listen(0, '127.0.0.1');
console.log(`bench: listening port=${app.getHttpServer().address().port}`);
