import type { OnModuleDestroy } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace } from 'socket.io';

import { DEMO_NAMESPACE, DEMO_TICK_MS, demoTick, unrefInterval } from './demo-realtime.js';

/**
 * socket.io namespace `/demo` on the traffic port: `hello` on connect, then a `tick` every second (both say which
 * process sent them, so a reconnect elsewhere shows). At a drain the library closes its clients (both
 * transports) so that they reconnect by themselves, elsewhere.
 */
@WebSocketGateway({ namespace: DEMO_NAMESPACE })
export class DemoGateway implements OnGatewayInit, OnModuleDestroy {
  @WebSocketServer() server!: Namespace;
  private timer: NodeJS.Timeout | null = null;

  afterInit(): void {
    this.server.on('connection', (socket) => socket.emit('hello', demoTick()));
    this.timer = unrefInterval(() => this.server.emit('tick', demoTick()), DEMO_TICK_MS);
  }

  onModuleDestroy(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }
}
