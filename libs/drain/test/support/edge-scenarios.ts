import { get } from './http-clients.js';
import { getHead, rawClient, rawClients } from './raw-clients.js';
import { realtime } from './realtime-scenario.js';
import { finish, type FixtureEnv, handlersStarted, type ScenarioOutcome, settle } from './scenarios.js';
import { spawnFixture } from './spawn-fixture.js';

const FAST_HEAD = getHead('/demo/fast');

/** Time for bytes written before the signal to reach the server, also when the machine is busy. */
const BEFORE_SIGNAL_MS = 250;

/** 10 sockets each hold part of a request head at SIGTERM; the rest arrives 300 ms later. */
export async function partialHeads(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, env);
  const clients = await rawClients(app.port, 10, FAST_HEAD.slice(0, 12));
  await settle(BEFORE_SIGNAL_MS);
  const signalAt = app.signal('SIGTERM');
  await settle(300);
  for (const client of clients) {
    client.write(FAST_HEAD.slice(12));
  }
  const results = await Promise.all(clients.map((c) => c.responses(1)));
  return finish(app, signalAt, results.flat());
}

/** How long the clients of `incomplete-head` wait before giving up (plain Nest has no deadline of its own). */
export const INCOMPLETE_HEAD_GIVE_UP_MS = 2500;

/** 3 sockets with part of a head that never completes; 1 s deadline. */
export async function incompleteHead(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, { ...env, DEADLINE_MS: '1000' });
  const clients = await rawClients(app.port, 3, FAST_HEAD.slice(0, 12));
  await settle(BEFORE_SIGNAL_MS);
  const signalAt = app.signal('SIGTERM');
  const giveUp = setTimeout(() => clients.forEach((c) => c.socket.destroy()), INCOMPLETE_HEAD_GIVE_UP_MS);
  const results = await Promise.all(clients.map((c) => c.responses(1)));
  const outcome = await finish(app, signalAt, results.flat());
  clearTimeout(giveUp);
  return outcome;
}

/** Waits of the 3 pipelined requests: the last finishes first, yet must be answered last. */
export const PIPELINED_MS = [300, 200, 100];

/** 3 requests pipelined on each of 10 sockets, written just before SIGTERM. */
export async function pipelining(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, env);
  const three = PIPELINED_MS.map((ms) => getHead(`/demo/slow?ms=${ms}`)).join('');
  const clients = await rawClients(app.port, 10, three);
  await handlersStarted(app, 'slow', 30);
  const signalAt = app.signal('SIGTERM');
  const results = await Promise.all(clients.map((c) => c.responses(3)));
  return finish(app, signalAt, results.flat());
}

export const UPLOAD_BYTES = 1024 * 1024;

/** A 1 MB upload in 20 chunks, 50 ms apart, with SIGTERM after the fifth. */
export async function upload(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, env);
  const client = await rawClient(
    app.port,
    `POST /demo/upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${UPLOAD_BYTES}\r\n\r\n`,
  );
  const size = Math.ceil(UPLOAD_BYTES / 20);
  let signalAt = 0;
  for (let i = 0; i < 20; i++) {
    client.write(Buffer.alloc(Math.min(size, UPLOAD_BYTES - i * size), 'x'));
    if (i === 4) {
      signalAt = app.signal('SIGTERM');
    }
    await settle(50);
  }
  return finish(app, signalAt, await client.responses(1));
}

/** Connections the kernel completes while the loop is blocked after the signal (Node accepts one per turn). */
export const QUEUED_AFTER_SIGNAL = 200;

/**
 * 210 connections the kernel completed while the event loop was blocked, at no LB delay: 10 before
 * SIGTERM, 200 while a second blocking request (read in the same turn as the signal) holds the loop.
 */
export async function acceptBacklog(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, { ...env, LB_DELAY_MS: '0' });
  const keeper = await rawClient(app.port, FAST_HEAD);
  await keeper.responses(1);
  const first = get(app.port, '/demo/block?ms=500');
  await handlersStarted(app, 'block', 1);
  const before = await rawClients(app.port, 10, FAST_HEAD);
  const signalAt = app.signal('SIGTERM');
  keeper.write(getHead('/demo/block?ms=500'));
  const firstResult = await first;
  await handlersStarted(app, 'block', 2);
  const after = await rawClients(app.port, QUEUED_AFTER_SIGNAL, FAST_HEAD);
  const results = await Promise.all([...before, ...after].map((c) => c.responses(1)));
  const [second] = await keeper.responses(2).then((r) => r.slice(1));
  return finish(app, signalAt, [firstResult, second!, ...results.flat()]);
}

/** The edge-of-HTTP scenarios of issue 7, by name. */
export const EDGE_SCENARIOS = {
  'partial-heads': partialHeads,
  'incomplete-head': incompleteHead,
  pipelining,
  upload,
  'accept-backlog': acceptBacklog,
  realtime,
} as const;
