import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/load-config.js';
import { ExitHolder } from '../traffic/exit-holder.js';
import { TrafficModule } from '../traffic/traffic.module.js';
import { DemoJob } from './demo-job.js';

let app: INestApplication;
let base: string;
const exits: number[] = [];

beforeAll(async () => {
  const config = loadConfig({ DEMO_JOB_INTERVAL_MS: '100', DRAIN_DEADLINE_MS: '2000', HOST: '127.0.0.1' });
  const exitHolder = new ExitHolder();
  exitHolder.set((code) => void exits.push(code));
  app = await NestFactory.create(TrafficModule.register({ config, exitHolder }), { logger: false });
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
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
    const deadline = Date.now() + 5000;
    while (job.completed < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(job.completed).toBeGreaterThanOrEqual(2);
  });
});
