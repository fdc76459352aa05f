import { pollUntil } from '@drainboard/test-support';

import {
  fireRequests,
  get,
  idleKeepAliveSocket,
  keepAliveLoop,
  type RequestResult,
  type SocketClose,
} from './http-clients.js';
import type { ScenarioFigures } from './results.js';
import { type FixtureProcess, spawnFixture } from './spawn-fixture.js';

/** Extra environment of a fixture process (e.g. `PLATFORM=fastify`). */
export type FixtureEnv = Record<string, string>;

/** What a scenario observed; `figures` go to the comparison table, the rest to assertions. */
export interface ScenarioOutcome {
  figures: ScenarioFigures;
  results: RequestResult[];
  signalAt: number;
  exit: { code: number | null; signal: string | null; at: number };
  app: FixtureProcess;
  sockets?: SocketClose[];
  loopErrors?: Record<string, number>;
}

/** A fixture still running this long after `finish` began is killed by the test (SIGKILL, noted in the figures). */
export const HARD_LIMIT_MS = 8000;

/** Failed requests by kind (`{"ECONNRESET":19,"503":10}`), or null when none failed. */
function failureKinds(results: RequestResult[]): string | null {
  const kinds: Record<string, number> = {};
  for (const r of results) {
    if (r.status === 200 && !r.error) {
      continue;
    }
    const kind = r.error ?? String(r.status);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return Object.keys(kinds).length > 0 ? JSON.stringify(kinds) : null;
}

export async function finish(
  app: FixtureProcess,
  signalAt: number,
  results: RequestResult[],
): Promise<ScenarioOutcome> {
  let killed = false;
  const killer = setTimeout(() => {
    killed = app.child.exitCode === null && app.child.signalCode === null;
    app.kill();
  }, HARD_LIMIT_MS);
  const exit = await app.exited;
  clearTimeout(killer);
  const completed = results.filter((r) => r.status === 200 && !r.error).length;
  const failures = failureKinds(results);
  return {
    figures: {
      completed,
      failed: results.length - completed,
      exitCode: exit.code,
      exitSignal: exit.signal,
      msFromSignalToExit: exit.at - signalAt,
      ...(killed
        ? { notes: `still running ${HARD_LIMIT_MS / 1000} s later: killed by the test` }
        : failures
          ? { notes: failures }
          : {}),
    },
    results,
    signalAt,
    exit,
    app,
  };
}

/** Lets the wire settle for a moment (scenario pacing, where the server offers nothing to poll). */
export const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the fixture's stdout until `count` handlers of `route` have started (demo routes print `STARTED <route>`). */
export async function handlersStarted(app: FixtureProcess, route: string, count: number): Promise<void> {
  const line = `STARTED ${route}\n`;
  await pollUntil(() => app.stdout().split(line).length - 1 >= count, {
    timeoutMs: 10000,
    description: `${count} ${route} handlers`,
  });
}

/** 20 async 2 s requests in flight at SIGTERM. */
export async function inFlightAsync(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, env);
  const pending = fireRequests(app.port, '/demo/slow?ms=2000', 20);
  await handlersStarted(app, 'slow', 20);
  const signalAt = app.signal('SIGTERM');
  return finish(app, signalAt, await Promise.all(pending));
}

/** A 1.5 s event-loop-blocking request plus 5 async ones in flight at SIGTERM. */
export async function blockingRequest(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, env);
  const slow = fireRequests(app.port, '/demo/slow?ms=1000', 5);
  await handlersStarted(app, 'slow', 5);
  const block = get(app.port, '/demo/block?ms=1500');
  await handlersStarted(app, 'block', 1);
  const signalAt = app.signal('SIGTERM');
  return finish(app, signalAt, await Promise.all([...slow, block]));
}

/** 50 idle keep-alive connections at SIGTERM. */
export async function idleKeepAlive(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, { ...env, LB_DELAY_MS: '0' });
  const sockets = await Promise.all(Array.from({ length: 50 }, () => idleKeepAliveSocket(app.port)));
  await settle(100);
  const signalAt = app.signal('SIGTERM');
  const outcome = await finish(app, signalAt, []);
  outcome.sockets = await Promise.all(sockets.map((s) => s.closed));
  const clean = outcome.sockets.filter((s) => s.endBeforeClose && !s.error).length;
  outcome.figures = {
    ...outcome.figures,
    completed: clean,
    failed: 50 - clean,
    notes: 'sockets closed with FIN',
  };
  return outcome;
}

/** A closed loop on 32 keep-alive connections with SIGTERM in the middle. */
export async function keepAliveClosedLoop(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, env);
  const loop = keepAliveLoop(app.port, 32);
  await pollUntil(() => loop.report.ok > 500, { timeoutMs: 10000, description: 'loop warm-up' });
  const signalAt = app.signal('SIGTERM');
  const outcome = await finish(app, signalAt, []);
  const report = await loop.stop();
  const failed = Object.values(report.errors).reduce((a, b) => a + b, 0);
  outcome.loopErrors = report.errors;
  outcome.figures = {
    ...outcome.figures,
    completed: report.ok,
    failed,
    notes: JSON.stringify(report.errors),
  };
  return outcome;
}

/** Requests longer than a 1 s deadline. */
export async function pastDeadline(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, { ...env, DEADLINE_MS: '1000' });
  const pending = fireRequests(app.port, '/demo/abortable?ms=4000', 3);
  await handlersStarted(app, 'abortable', 3);
  const signalAt = app.signal('SIGTERM');
  return finish(app, signalAt, await Promise.all(pending));
}

/** Streaming responses in flight at SIGTERM. */
export async function streaming(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, env);
  const pending = fireRequests(app.port, '/demo/stream?ms=1000', 5);
  await handlersStarted(app, 'stream', 5);
  const signalAt = app.signal('SIGTERM');
  return finish(app, signalAt, await Promise.all(pending));
}

/** A hook that throws and one that hangs, 1 s deadline. */
export async function badHooks(fixture: string, env: FixtureEnv = {}): Promise<ScenarioOutcome> {
  const app = await spawnFixture(fixture, { ...env, HOOKS: 'bad', DEADLINE_MS: '1000' });
  const signalAt = app.signal('SIGTERM');
  return finish(app, signalAt, []);
}

/** The scenarios run against every server set-up, by name. */
export const SHARED_SCENARIOS = {
  'in-flight-async': inFlightAsync,
  'blocking-request': blockingRequest,
  'idle-keep-alive': idleKeepAlive,
  'keep-alive-closed-loop': keepAliveClosedLoop,
  'past-deadline': pastDeadline,
  streaming,
  'bad-hooks': badHooks,
} as const;
