// Bench fixture: the demo workload the API serves (@drainboard/demo) in a Nest app, either with the drain library
// (`--drain`: DrainModule + enableDrainShutdownHooks) or without it (plain `enableShutdownHooks()`).
// Prints `bench: listening port=<port>` once ready. Plain JavaScript: decorators are applied as functions.
import 'reflect-metadata';

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { DemoModule } from '@drainboard/demo';
import { DrainModule, enableDrainShutdownHooks, getRequestAbortSignal } from '@drainboard/drain';

const withDrain = process.argv.includes('--drain');

class BenchModule {}
Module({
  imports: [
    ...(withDrain ? [DrainModule.forRoot({ lbDelayMs: 0, deadlineMs: 10_000 })] : []),
    DemoModule.register(withDrain ? { signalOf: getRequestAbortSignal } : {}),
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
