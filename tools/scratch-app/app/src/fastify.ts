import 'reflect-metadata';

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DrainModule, enableDrainShutdownHooks } from '@drainboard/drain';

import { announce } from './announce.js';
import { HealthController } from './health.controller.js';
import { SlowController } from './slow.controller.js';

@Module({
  imports: [DrainModule.forRoot({ deadlineMs: 10_000, lbDelayMs: 1_000 })],
  controllers: [SlowController, HealthController],
})
class AppModule {}

const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
  logger: ['error', 'warn', 'log'],
});
enableDrainShutdownHooks(app);
await app.listen(0, '127.0.0.1');
announce(app);
