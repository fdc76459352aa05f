import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { DrainEvent, DrainRun } from '@drainboard/contracts';

import { resolveDrainOptions } from '../drain-options.js';
import { DrainStateError } from '../drain-state-error.js';
import { FakeClock } from '../testing/fake-clock.js';
import { getRequestAbortSignal } from '../tracking/request-abort-signal.js';
import { DrainEngine } from './drain-engine.js';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

let server: http.Server;
let engine: DrainEngine;
let clock: FakeClock;
let events: DrainEvent[];
let exits: Array<{ code: number; forced: boolean }>;
let port: number;

/** Routes: /hang never answers; /give-up answers 503 when its AbortSignal fires; anything else answers at once. */
async function setUp(deadlineMs = 30_000): Promise<void> {
  server = http.createServer((req, res) => {
    if (req.url === '/hang') {
      return;
    }
    if (req.url === '/give-up') {
      getRequestAbortSignal(req).addEventListener('abort', () => {
        res.statusCode = 503;
        res.end('gave up');
      });
      return;
    }
    res.end('ok');
  });
  clock = new FakeClock();
  exits = [];
  engine = new DrainEngine(
    resolveDrainOptions({
      deadlineMs,
      clock,
      exit: (code, { forced }) => void exits.push({ code, forced }),
      logger: silent,
    }),
  );
  engine.traffic.attach(server);
  events = [];
  engine.events.subject.subscribe((e) => events.push(e));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

afterEach(async () => {
  server.closeAllConnections();
  if (server.listening) {
    await new Promise((resolve) => server.close(resolve));
  }
});

const states = (): string[] => events.flatMap((e) => (e.type === 'state' ? [`${e.from}->${e.to}`] : []));
const runEnds = (): string[] => events.flatMap((e) => (e.type === 'run-end' ? [e.run.id] : []));
const api = { trigger: { source: 'api' as const } };
const stageNames = (run: DrainRun): string[] => run.stages.map((s) => `${s.name}:${s.outcome}`);

/** Sends a request that stays in flight; resolves once the server has it. */
async function inFlight(path: string): Promise<http.ClientRequest> {
  const before = engine.traffic.requests.inFlight().length;
  const req = http.get({ port, host: '127.0.0.1', path }).on('error', () => undefined);
  req.on('response', (res) => res.resume());
  while (engine.traffic.requests.inFlight().length === before) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  return req;
}

describe('DrainEngine states', () => {
  it('drains to drained, hands out the same run to a second drain, then resumes to serving', async () => {
    await setUp();
    const first = engine.drain(api);
    expect(engine.drain(api).run.id).toBe(first.run.id);
    const run = await clock.runUntilSettled(first.done);
    expect(run).toMatchObject({ kind: 'drain', outcome: 'clean', resumedAt: null });
    expect(stageNames(run)).toEqual([
      'trigger:ok',
      'unready:ok',
      'close-listener:ok',
      'drain-requests:ok',
      'close-realtime:ok',
      'persist:ok',
    ]);
    expect(engine.state).toBe('drained');
    expect(server.listening).toBe(false);
    const persisted: DrainRun[] = [];
    engine.persisters.set('memory', (r) => Promise.resolve(void persisted.push(r)));
    const resumed = await clock.runUntilSettled(engine.resume());
    expect(server.listening).toBe(true);
    expect(engine.ready).toBe(true);
    await clock.runUntilSettled(new Promise((resolve) => setImmediate(resolve)));
    expect(persisted).toEqual([expect.objectContaining({ id: run.id, resumedAt: resumed.resumedAt })]);
    expect(engine.currentRun()).toBeNull();
    expect(resumed).toMatchObject({ id: run.id, outcome: 'clean', resumedAt: expect.any(String) });
    expect(states()).toEqual(['serving->draining', 'draining->drained', 'drained->serving']);
    expect(runEnds()).toEqual([run.id]);
  });

  it('hands out frozen snapshots that later changes never touch', async () => {
    await setUp();
    const { run, done } = engine.drain(api);
    expect(Object.isFrozen(run)).toBe(true);
    expect(run.stages).toEqual([]);
    const final = await clock.runUntilSettled(done);
    expect(run.outcome).toBe('running');
    expect(Object.isFrozen(final.stages[0])).toBe(true);
    expect(() => (final.stages as unknown[]).push('x')).toThrow(/not extensible/);
  });

  it('refuses to resume while serving and anything but stop while stopping', async () => {
    await setUp();
    await expect(engine.resume()).rejects.toBeInstanceOf(DrainStateError);
    const stop = engine.stop(api);
    expect(() => engine.drain(api)).toThrow(expect.objectContaining({ code: 'ALREADY_STOPPING' }));
    await expect(engine.resume()).rejects.toMatchObject({ code: 'ALREADY_STOPPING' });
    expect(engine.stop(api).run.id).toBe(stop.run.id);
    await clock.runUntilSettled(stop.done);
    expect(exits).toEqual([{ code: 0, forced: false }]);
  });

  it('stops from drained with a new run whose drain stages run again, one run-end per run', async () => {
    await setUp();
    const drained = await clock.runUntilSettled(engine.drain(api).done);
    const persisted: string[] = [];
    engine.persisters.set('memory', (run) => Promise.resolve(void persisted.push(run.id)));
    const stop = await clock.runUntilSettled(
      engine.stop({ trigger: { source: 'signal', signal: 'SIGTERM' } }).done,
    );
    expect(stop.kind).toBe('stop');
    expect(stageNames(stop)).toEqual([
      'trigger:ok',
      'unready:ok',
      'close-listener:ok',
      'drain-requests:ok',
      'close-realtime:ok',
      'app-hooks:skipped',
      'persist:ok',
      'exit:ok',
    ]);
    expect(stop.stages.find((s) => s.name === 'unready')?.details).toMatchObject({ waitedMs: 0 });
    expect(persisted).toEqual([stop.id]);
    expect(exits).toEqual([{ code: 0, forced: false }]);
    expect(runEnds()).toEqual([drained.id, stop.id]);
  });

  it('keeps the outcome of a drain resumed while draining and sets resumedAt; requests still finish', async () => {
    await setUp();
    const hanging = await inFlight('/hang');
    const { done } = engine.drain(api);
    await clock.advance(10);
    expect(engine.state).toBe('draining');
    const resumed = await clock.runUntilSettled(engine.resume());
    expect(server.listening).toBe(true);
    const final = await clock.runUntilSettled(done);
    expect(final).toMatchObject({ outcome: 'clean', resumedAt: resumed.resumedAt, abortedRequests: [] });
    expect(engine.state).toBe('serving');
    expect(engine.traffic.requests.inFlight()).toHaveLength(1);
    hanging.destroy();
  });

  it('drain, resume, drain back to back: the state follows the new run, never the resumed one', async () => {
    await setUp();
    const slow = await inFlight('/hang');
    const first = engine.drain(api);
    const resuming = engine.resume();
    expect(() => engine.drain(api)).toThrow(expect.objectContaining({ code: 'ALREADY_DRAINING' }));
    await clock.runUntilSettled(resuming);
    const second = engine.drain(api);
    expect(second.run.id).not.toBe(first.run.id);
    expect((await first.done).resumedAt).not.toBeNull();
    await clock.advance(1000);
    const stage = (): string | undefined =>
      engine.currentRun()?.stages.find((s) => s.name === 'drain-requests')?.outcome;
    while (stage() === undefined) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(engine.state).toBe('draining');
    expect(engine.currentRun()?.id).toBe(second.run.id);
    expect(stage()).toBe('running');
    const stop = engine.stop(api);
    expect(stop.run.id).toBe(second.run.id);
    const final = await clock.runUntilSettled(stop.done);
    expect(final).toMatchObject({ kind: 'stop', outcome: 'aborted', abortedCount: 1 });
    expect(runEnds()).toEqual([first.run.id, second.run.id]);
    slow.destroy();
  });
});

describe('DrainEngine time (FakeClock, no real waiting)', () => {
  it('cuts a hanging request at a 30 s deadline, records it and exits with 1', async () => {
    await setUp(30_000);
    engine.persisters.set('broken', () => Promise.reject(new Error('db down')));
    await inFlight('/hang');
    const started = Date.now();
    const run = await clock.runUntilSettled(engine.stop(api).done);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run.outcome).toBe('aborted');
    expect(Date.parse(run.finishedAt!) - Date.parse(run.startedAt)).toBeGreaterThanOrEqual(30_000);
    expect(run.abortedRequests).toEqual([
      expect.objectContaining({ method: 'GET', route: '/hang', ageMs: 30_000 }),
    ]);
    expect(run.stages.find((s) => s.name === 'persist')?.details).toMatchObject({
      persisters: [expect.objectContaining({ name: 'broken', outcome: 'failed', error: 'db down' })],
    });
    expect(exits).toEqual([{ code: 1, forced: false }]);
  });

  it('records a handler that answers 503 once its AbortSignal fired as gave-up, not clean', async () => {
    await setUp(10_000);
    await inFlight('/give-up');
    await inFlight('/give-up');
    const run = await clock.runUntilSettled(engine.stop(api).done);
    expect(run.outcome).toBe('gave-up');
    expect(run.abortedCount).toBe(2);
    expect(run.abortedRequests).toEqual([
      expect.objectContaining({ route: '/give-up', kind: 'gave-up', statusCode: 503 }),
      expect.objectContaining({ route: '/give-up', kind: 'gave-up', statusCode: 503 }),
    ]);
    expect(run.statusCodes).toEqual({ '503': 2 });
    expect(exits).toEqual([{ code: 1, forced: false }]);
  });

  it('gives a persister the persist budget and records a timeout when it is spent', async () => {
    await setUp(100);
    const budgets: number[] = [];
    engine.persisters.set('slow', (_run, { budgetMs, signal }) => {
      budgets.push(budgetMs);
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
    });
    const run = await clock.runUntilSettled(engine.stop(api).done);
    expect(budgets).toEqual([1000]);
    expect(run.stages.find((s) => s.name === 'persist')?.details).toMatchObject({
      persisters: [expect.objectContaining({ name: 'slow', outcome: 'timeout', durationMs: 1000 })],
    });
  });

  it('forces exit(1, { forced: true }) on the third signal, logs the second', async () => {
    await setUp();
    await inFlight('/hang');
    engine.signal('SIGTERM');
    expect(engine.state).toBe('stopping');
    engine.signal('SIGTERM');
    expect(exits).toEqual([]);
    engine.signal('SIGINT');
    await clock.advance(0);
    expect(exits).toEqual([{ code: 1, forced: true }]);
  });
});
