// Bench fixture: the API's demo workload (built apps/api/dist) in a Nest app, either with the drain library
// (`--drain`: DrainModule + enableDrainShutdownHooks) or without it (plain `enableShutdownHooks()`).
// Prints `bench: listening port=<port>` once ready. Plain JavaScript: decorators are applied as functions.
import 'reflect-metadata';

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { DrainModule, enableDrainShutdownHooks } from '@drainboard/drain';

import { DemoModule } from '../../apps/api/dist/traffic/demo/demo.module.js';

const withDrain = process.argv.includes('--drain');

class BenchModule {}
Module({
  imports: [
    ...(withDrain ? [DrainModule.forRoot({ lbDelayMs: 0, deadlineMs: 10_000 })] : []),
    DemoModule.register({ jobIntervalMs: 0 }),
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
