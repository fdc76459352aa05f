import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { DrainEvent } from '@drainboard/contracts';

import { resolveDrainOptions } from '../drain-options.js';
import { DrainStateError } from '../drain-state-error.js';
import { DrainEngine } from './drain-engine.js';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

let server: http.Server;
let engine: DrainEngine;
let events: DrainEvent[];
let exits: number[];

async function setUp(deadlineMs = 2000): Promise<void> {
  server = http.createServer((req, res) => {
    if (req.url === '/hang') return;
    res.end('ok');
  });
  exits = [];
  engine = new DrainEngine(
    resolveDrainOptions({ deadlineMs, exit: (code) => void exits.push(code), logger: silent }),
  );
  engine.traffic.attach(server);
  events = [];
  engine.events.subject.subscribe((e) => events.push(e));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const states = (): string[] => events.flatMap((e) => (e.type === 'state' ? [`${e.from}->${e.to}`] : []));
const api = { trigger: { source: 'api' as const } };

describe('DrainEngine states', () => {
  it('drains to drained, returns the same run to a second drain, then resumes to serving', async () => {
    await setUp();
    const first = engine.drain(api);
    expect(engine.drain(api)).toBe(first);
    const run = await first;
    expect(run).toMatchObject({ kind: 'drain', outcome: 'clean' });
    expect(run.stages.map((s) => s.name)).toEqual([
      'trigger',
      'unready',
      'close-listener',
      'drain-requests',
      'close-realtime',
      'persist',
    ]);
    expect(engine.state).toBe('drained');
    expect(engine.ready).toBe(false);
    expect(server.listening).toBe(false);
    await engine.resume();
    expect(server.listening).toBe(true);
    expect(engine.ready).toBe(true);
    expect(engine.currentRun()).toBeNull();
    expect(states()).toEqual(['serving->draining', 'draining->drained', 'drained->serving']);
  });

  it('refuses to resume while serving', async () => {
    await setUp();
    await expect(engine.resume()).rejects.toMatchObject({ code: 'NOT_DRAINING' });
    await expect(engine.resume()).rejects.toBeInstanceOf(DrainStateError);
  });

  it('stops from drained with a new run, skipping the stages already done, and exits with 0', async () => {
    await setUp();
    await engine.drain(api);
    const persisted: string[] = [];
    engine.persisters.set('memory', (run) => Promise.resolve(void persisted.push(run.id)));
    const stop = await engine.stop({ trigger: { source: 'signal', signal: 'SIGTERM' } });
    expect(stop.kind).toBe('stop');
    expect(stop.stages.map((s) => `${s.name}:${s.outcome}`)).toEqual([
      'trigger:ok',
      'unready:skipped',
      'close-listener:skipped',
      'drain-requests:skipped',
      'close-realtime:skipped',
      'app-hooks:skipped',
      'persist:ok',
      'exit:ok',
    ]);
    expect(persisted).toEqual([stop.id]);
    expect(exits).toEqual([0]);
    await expect(engine.drain(api)).rejects.toMatchObject({ code: 'ALREADY_STOPPING' });
  });

  it('marks a drain resumed while draining as resumed', async () => {
    await setUp(5000);
    const port = (server.address() as AddressInfo).port;
    const hanging = http.get({ port, host: '127.0.0.1', path: '/hang' }).on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const drained = engine.drain(api);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.resume();
    expect((await drained).outcome).toBe('resumed');
    expect(engine.state).toBe('serving');
    hanging.destroy();
  });

  it('records a drain resumed after it had drained as resumed, through the persisters', async () => {
    await setUp();
    const persisted: string[] = [];
    engine.persisters.set('memory', (run) => Promise.resolve(void persisted.push(run.outcome)));
    const run = await engine.drain(api);
    expect(engine.state).toBe('drained');
    await engine.resume();
    expect(persisted).toEqual(['clean', 'resumed']);
    expect(run.outcome).toBe('resumed');
  });

  it('cuts a hanging request at the deadline, records it and exits with 1; persister failures are recorded', async () => {
    await setUp(300);
    engine.persisters.set('broken', () => Promise.reject(new Error('db down')));
    const port = (server.address() as AddressInfo).port;
    http.get({ port, host: '127.0.0.1', path: '/hang' }).on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const run = await engine.stop(api);
    expect(run.outcome).toBe('aborted');
    expect(run.abortedRequests).toEqual([expect.objectContaining({ method: 'GET', route: '/hang' })]);
    expect(run.stages.find((s) => s.name === 'persist')?.details).toMatchObject({
      persisters: [expect.objectContaining({ name: 'broken', outcome: 'failed', error: 'db down' })],
    });
    expect(exits).toEqual([1]);
    expect(events.some((e) => e.type === 'request-aborted')).toBe(true);
  });
});
