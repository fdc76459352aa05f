import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer } from 'ws';

import { DEMO_TICK_MS, DEMO_WS_PATH, demoTick, unrefInterval } from './demo-realtime.js';

/**
 * A plain WebSocket endpoint at `/demo/ws` (the `ws` package): echoes every message and sends a tick every
 * second. It shares the traffic server with socket.io, so upgrades are routed by path (noServer mode); the
 * drain library finds `wss` by itself and closes its clients with 1001 (going away).
 */
@Injectable()
export class DemoWsServer implements OnApplicationBootstrap, OnModuleDestroy {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== DEMO_WS_PATH) {
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
      });
    });
    this.timer = unrefInterval(() => {
      const tick = JSON.stringify({ type: 'tick', ...demoTick() });
      for (const ws of this.wss.clients) {
        ws.send(tick);
      }
    }, DEMO_TICK_MS);
  }

  onModuleDestroy(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.wss.close();
  }
}
