import 'reflect-metadata';

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
} from '@nestjs/websockets';
import { DrainModule, enableDrainShutdownHooks } from '@drainboard/drain';

import { announce } from './announce.js';
import { HealthController } from './health.controller.js';
import { SlowController } from './slow.controller.js';

/** A socket.io gateway on the traffic port (the HTTP server's port). */
@WebSocketGateway()
class EchoGateway implements OnGatewayConnection, OnGatewayDisconnect {
  handleConnection(client: { id: string }): void {
    console.log(`ws-connected ${client.id}`);
  }

  handleDisconnect(client: { id: string }): void {
    console.log(`ws-disconnected ${client.id}`);
  }

  @SubscribeMessage('echo')
  echo(@MessageBody() data: unknown): unknown {
    return data;
  }
}

@Module({
  imports: [DrainModule.forRoot({ deadlineMs: 10_000, lbDelayMs: 1_000 })],
  controllers: [SlowController, HealthController],
  providers: [EchoGateway],
})
class AppModule {}

const app = await NestFactory.create(AppModule, { logger: ['error', 'warn', 'log'] });
enableDrainShutdownHooks(app);
await app.listen(0, '127.0.0.1');
announce(app);
