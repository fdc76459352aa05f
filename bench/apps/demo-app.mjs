// Bench fixture: the demo workload the API serves (@drainboard/demo) in a Nest app, in one of three modes:
// `plain` (the default: `enableShutdownHooks()` only), `drain` (DrainModule + enableDrainShutdownHooks: the library
// tracks every request and socket) and `drain-signal` (the same, and `GET /demo/slow` takes the request's
// AbortSignal from the library, as the API does; `--drain` is short for it). `--deadline-ms=N` sets the drain
// deadline (default 10000). Prints `bench: listening port=<port>` once ready. Plain JavaScript: decorators are
// applied as functions.
import 'reflect-metadata';

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { DemoModule } from '@drainboard/demo';
import { DrainModule, enableDrainShutdownHooks, getRequestAbortSignal } from '@drainboard/drain';

const args = process.argv.slice(2);
const mode = args.includes('--drain') ? 'drain-signal' : (args.find((a) => !a.startsWith('--')) ?? 'plain');
if (!['plain', 'drain', 'drain-signal'].includes(mode)) {
  throw new Error(`unknown mode ${mode}: plain, drain or drain-signal`);
}
const deadlineMs = Number(args.find((a) => a.startsWith('--deadline-ms='))?.split('=')[1] ?? 10_000);
const withDrain = mode !== 'plain';

class BenchModule {}
Module({
  imports: [
    ...(withDrain ? [DrainModule.forRoot({ lbDelayMs: 0, deadlineMs })] : []),
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
