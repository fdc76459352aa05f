import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { io } from 'socket.io-client';
import WebSocket from 'ws';

import { DemoJob } from '@drainboard/demo';
import { DrainService } from '@drainboard/drain';
import { pollUntil } from '@drainboard/test-support';

import { loadConfig } from '../shared/config/load-config.js';
import { TrafficModule } from './traffic.module.js';

let app: INestApplication;
let base: string;
let port: number;
const exits: number[] = [];

beforeAll(async () => {
  const config = loadConfig({ DEMO_JOB_INTERVAL_MS: '100', DRAIN_DEADLINE_MS: '2000', HOST: '127.0.0.1' });
  const exit = (code: number): void => void exits.push(code);
  app = await NestFactory.create(TrafficModule.register({ config, exit }), { logger: false });
  await app.listen(0, '127.0.0.1');
  port = (app.getHttpServer() as { address(): AddressInfo }).address().port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await app?.close();
});

const getJson = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('demo workload on the traffic app', () => {
  it('GET /demo/fast answers at once', async () => {
    expect(await getJson('/demo/fast')).toEqual({ status: 200, body: { ok: true } });
  });

  it('GET /demo/slow waits the given time without blocking other requests', async () => {
    const finished: string[] = [];
    const slow = getJson('/demo/slow?ms=500').then((res) => (finished.push('slow'), res));
    const fast = getJson('/demo/fast').then((res) => (finished.push('fast'), res));
    const [{ status, body }] = await Promise.all([slow, fast]);
    expect(finished).toEqual(['fast', 'slow']);
    expect(status).toBe(200);
    expect(body.waitedMs).toBeGreaterThanOrEqual(499);
  });

  it('GET /demo/block keeps the CPU busy for the given time', async () => {
    const { status, body } = await getJson('/demo/block?ms=40');
    expect(status).toBe(200);
    expect(body.busyMs).toBeGreaterThanOrEqual(40);
  });

  it('GET /demo/stream sends a chunk every 100 ms, then ends', async () => {
    const res = await fetch(`${base}/demo/stream?ms=450`);
    const lines = (await res.text()).trim().split('\n');
    const chunks = lines.filter((line) => line.startsWith('chunk ')).length;
    expect(res.status).toBe(200);
    expect(chunks).toBeGreaterThanOrEqual(3);
    expect(chunks).toBeLessThanOrEqual(5);
    expect(lines.at(-1)).toMatch(/^done after \d+ ms$/);
  });

  it.each([
    ['/demo/slow?ms=-1', 600_000],
    ['/demo/slow?ms=abc', 600_000],
    ['/demo/block?ms=10001', 10_000],
    ['/demo/block?ms=600000', 10_000],
    ['/demo/stream?ms=1.5', 600_000],
  ])('answers %s with 400 and a message', async (path, max) => {
    const { status, body } = await getJson(path);
    expect(status).toBe(400);
    expect(body.message).toBe(`ms must be an integer from 0 to ${max}`);
  });

  it('runs the periodic demo job', async () => {
    const job = app.get(DemoJob);
    await pollUntil(() => job.completed >= 2, { timeoutMs: 5000, description: 'two demo job executions' });
    expect(job.completed).toBeGreaterThanOrEqual(2);
  });

  it('POST /demo/upload reads the whole body and answers its size', async () => {
    const body = Buffer.alloc(300_000, 1);
    const res = await fetch(`${base}/demo/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: 300_000 });
  });
});

/** Resolves with what `collect` gathered once `done` says so, or rejects after 5 s. */
const waitFor = <T>(what: string, start: (resolve: (value: T) => void) => void): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within 5 s`)), 5000);
    start((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });

describe('realtime demo on the traffic port, closed by a drain', () => {
  it('ticks on socket.io /demo, /demo/ws and SSE, then closes each cleanly at close-realtime', async () => {
    const sio = io(`${base}/demo`, { transports: ['websocket'], reconnection: false });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/demo/ws`);
    let sse = '';
    const sseEnded = waitFor<void>('SSE end', (resolve) =>
      http.get(`${base}/demo/events`, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (sse += chunk));
        res.on('end', () => resolve());
      }),
    );
    const sioTick = waitFor<{ pid: number }>('socket.io tick', (resolve) => sio.once('tick', resolve));
    const wsTick = waitFor<string>('ws tick', (resolve) =>
      ws.once('message', (data: Buffer) => resolve(data.toString('utf8'))),
    );
    expect((await sioTick).pid).toBe(process.pid);
    expect(JSON.parse(await wsTick)).toMatchObject({ type: 'tick', pid: process.pid });
    const sioGone = waitFor<string>('socket.io disconnect', (resolve) => sio.once('disconnect', resolve));
    const wsClosed = waitFor<number>('ws close', (resolve) => ws.once('close', resolve));

    const run = await app.get(DrainService).drain({ trigger: { source: 'api', reason: 'demo spec' } }).done;

    expect(await sioGone).toBe('transport close');
    expect(await wsClosed).toBe(1001);
    await sseEnded;
    expect(sse).toMatch(/^event: tick\ndata: /);
    expect(sse).toMatch(/\nretry: \d+\n[^\n]*\n\n$/);
    expect(run.stages.find((s) => s.name === 'close-realtime')?.details).toMatchObject({
      closers: expect.arrayContaining([
        { name: 'socket.io', outcome: 'ok', closed: 1 },
        { name: 'ws', outcome: 'ok', closed: 1 },
      ]),
      sse: 1,
    });
    await app.get(DrainService).resume();
  });
});
