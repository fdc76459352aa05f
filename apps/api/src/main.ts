import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INSTANCE_STATES } from '@drainboard/contracts';

@Controller('demo')
class DemoController {
  @Get('fast')
  fast() {
    return { ok: true, states: INSTANCE_STATES };
  }
}

@Module({ controllers: [DemoController] })
class AppModule {}

const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
await app.listen(Number(process.env.PORT ?? 3000));
console.log('listening');
