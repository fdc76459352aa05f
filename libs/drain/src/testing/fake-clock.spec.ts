import http from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  Controller,
  Get,
  type INestApplication,
  Injectable,
  Module,
  type OnModuleDestroy,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import type { DrainRun } from '@drainboard/contracts';

import { DrainModule } from '../drain.module.js';
import { DrainService } from '../drain.service.js';
import { FakeClock } from './fake-clock.js';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

@Injectable()
class HangingHook implements OnModuleDestroy {
  onModuleDestroy(): Promise<void> {
    return new Promise(() => undefined); // never settles
  }
}

@Controller()
class PingController {
  @Get('ping')
  ping(): string {
    return 'pong';
  }
}

let app: INestApplication;
let clock: FakeClock;
let exits: number[];

async function start(options: { hookTimeoutMs?: number; idleSocketGraceMs?: number; lbDelayMs?: number }) {
  clock = new FakeClock();
  exits = [];
  @Module({
    imports: [
      DrainModule.forRoot({
        clock,
        deadlineMs: 60_000,
        logger: silent,
        exit: (code) => void exits.push(code),
        ...options,
      }),
    ],
    controllers: [PingController],
    providers: [HangingHook],
  })
  class AppModule {}
  app = await NestFactory.create(AppModule, { logger: false });
  app.get(DrainService).attachApplication(app);
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer() as http.Server).address() as AddressInfo;
}

afterEach(() => {
  (app.getHttpServer() as http.Server).closeAllConnections();
});

const stageOf = (run: DrainRun, name: string) => run.stages.find((s) => s.name === name);

describe('FakeClock drives the library without real waiting', () => {
  it('waits out a 10 s load-balancer delay and times out a hanging hook at its 20 s budget', async () => {
    await start({ hookTimeoutMs: 20_000, lbDelayMs: 10_000 });
    const drain = app.get(DrainService);
    const startedAt = Date.now();
    const { done } = drain.stop({ trigger: { source: 'api' } });
    await clock.advance(9_999);
    expect(drain.ready).toBe(false);
    expect(stageOf(drain.currentRun()!, 'unready')?.outcome).toBe('running');
    const run = await clock.runUntilSettled(done);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(stageOf(run, 'unready')?.details).toMatchObject({ waitedMs: 10_000 });
    expect(stageOf(run, 'app-hooks')?.details.hooks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          hook: 'HangingHook.onModuleDestroy',
          outcome: 'timeout',
          durationMs: 20_000,
        }),
      ]),
    );
    expect(run.outcome).toBe('failed');
    expect(exits).toEqual([1]);
  });

  it('gives a keep-alive socket used a moment ago its last call, closed when the grace has passed', async () => {
    const { port } = await start({ idleSocketGraceMs: 5_000 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const socketClosed = new Promise<void>((resolve) => {
      http.get({ port, host: '127.0.0.1', path: '/ping', agent }, (res) => {
        res.resume();
        res.socket.once('close', () => resolve());
      });
    });
    while (app.get(DrainService).connections().idle === 0) {
      await new Promise((r) => setImmediate(r));
    }
    const { done } = app.get(DrainService).drain({ trigger: { source: 'api' } });
    const waiting = () =>
      stageOf(app.get(DrainService).currentRun()!, 'drain-requests')?.outcome === 'running';
    while (!waiting()) {
      await clock.advance(0);
    }
    await clock.advance(4_999);
    expect(app.get(DrainService).connections().idle).toBe(1);
    await clock.advance(1);
    await socketClosed;
    const run = await clock.runUntilSettled(done);
    expect(stageOf(run, 'drain-requests')).toMatchObject({ outcome: 'ok', durationMs: 5_000 });
    agent.destroy();
  });
});
