import { HARD_LIMIT_MS, INCOMPLETE_HEAD_GIVE_UP_MS, type ScenarioOutcome } from '../support/index.js';
import {
  ALL_SCENARIOS,
  lastResponseAt,
  type Platform,
  runCell,
  type ScenarioName,
  statuses,
} from './cells.js';

/** What plain Nest does with each scenario, as observed and as its docs and Node's say. */
interface Expected {
  /** What the clients get: a status per request, or `null` for a failure. */
  check: (o: ScenarioOutcome) => void;
  /** `SIGTERM`: Nest's handler re-raises the signal once app.close() resolved; `SIGKILL`: still up at the limit. */
  exit: 'SIGTERM' | 'SIGKILL' | ((o: ScenarioOutcome) => 'SIGTERM' | 'SIGKILL');
}

const all = (status: number | null, count: number) => (o: ScenarioOutcome) =>
  expect(statuses(o.results)).toEqual(Array(count).fill(status));

/** Node closes keep-alive sockets left open only at its keep-alive timeout (5 s), so Nest's close waits that long. */
const waitsForKeepAliveTimeout = (count: number) => (o: ScenarioOutcome) => {
  all(200, count)(o);
  expect(o.results.every((r) => r.connection === 'keep-alive')).toBe(true);
  expect(o.exit.at - lastResponseAt(o)).toBeGreaterThanOrEqual(4500);
};

const COMMON: Record<ScenarioName, Expected> = {
  // server.close() waits for requests in progress: nothing in flight is lost.
  'in-flight-async': { check: all(200, 20), exit: 'SIGTERM' },
  'blocking-request': { check: all(200, 6), exit: 'SIGTERM' },
  // Node >= 19: server.close() also closes idle keep-alive sockets.
  'idle-keep-alive': {
    check: (o) => expect(o.sockets?.filter((s) => s.endBeforeClose)).toHaveLength(50),
    exit: 'SIGTERM',
  },
  // ...including those a client is about to reuse: resets.
  'keep-alive-closed-loop': {
    check: (o) => expect(o.loopErrors?.ECONNRESET ?? 0).toBeGreaterThan(0),
    exit: 'SIGTERM',
  },
  // No deadline: requests run to their end, however long.
  'past-deadline': {
    check: (o) => {
      all(200, 3)(o);
      expect(o.exit.at - o.signalAt).toBeGreaterThanOrEqual(3500);
    },
    exit: 'SIGTERM',
  },
  streaming: { check: all(200, 5), exit: 'SIGTERM' },
  // A hanging hook holds app.close() forever.
  'bad-hooks': { check: () => undefined, exit: 'SIGKILL' },
  'partial-heads': { check: waitsForKeepAliveTimeout(10), exit: 'SIGTERM' },
  // Nothing cuts a head that never completes: the process waits for the clients to give up.
  'incomplete-head': {
    check: (o) => {
      all(null, 3)(o);
      expect(o.exit.at - o.signalAt).toBeGreaterThanOrEqual(INCOMPLETE_HEAD_GIVE_UP_MS - 100);
    },
    exit: 'SIGTERM',
  },
  pipelining: { check: waitsForKeepAliveTimeout(30), exit: 'SIGTERM' },
  upload: { check: waitsForKeepAliveTimeout(1), exit: 'SIGTERM' },
  // SSE streams hold server.close() forever; ws clients get no close frame (1006 when the process dies).
  realtime: {
    check: (o) => {
      expect(o.results.slice(20, 30).map((r) => r.body)).toEqual(Array(10).fill('ws: close 1006'));
      expect(o.results.slice(30).every((r) => r.status === null)).toBe(true);
    },
    exit: 'SIGKILL',
  },
  // The listener closes at once: queued connections are reset, idle fresh ones destroyed.
  'accept-backlog': {
    check: (o) => expect(o.results.filter((r) => r.error === 'ECONNRESET').length).toBeGreaterThanOrEqual(10),
    exit: 'SIGTERM',
  },
};

/**
 * Fastify sets keepAliveTimeout to 72 s and its close() waits for keep-alive sockets: a client left holding
 * one (a keep-alive response is its last) keeps the process up past the test's limit. Requests that arrive
 * once Fastify's close() has begun get 503 `Connection: close` (return503OnClosing): whether a head completed
 * 300 ms after the signal lands before or after that point depends on how long Nest's hooks took.
 */
const keepsSocketsOpen = (o: ScenarioOutcome): 'SIGTERM' | 'SIGKILL' =>
  o.results.some((r) => r.connection === 'keep-alive') ? 'SIGKILL' : 'SIGTERM';

const FASTIFY: Partial<Record<ScenarioName, Expected>> = {
  'partial-heads': {
    check: (o) =>
      o.results.forEach((r) =>
        expect([r.status, r.connection]).toEqual(r.status === 503 ? [503, 'close'] : [200, 'keep-alive']),
      ),
    exit: keepsSocketsOpen,
  },
  pipelining: { check: all(200, 30), exit: keepsSocketsOpen },
  upload: { check: all(200, 1), exit: keepsSocketsOpen },
  'accept-backlog': { ...COMMON['accept-backlog'], exit: keepsSocketsOpen },
};

/** The same scenarios against plain Nest `enableShutdownHooks()` on `platform`: figures for the README, and its behaviour pinned. */
export function describePlainNest(platform: Platform): void {
  describe(`plain NestJS enableShutdownHooks() on ${platform}`, () => {
    it.concurrent.each(Object.keys(ALL_SCENARIOS) as ScenarioName[])('%s', async (name) => {
      const expected = (platform === 'fastify' ? FASTIFY[name] : undefined) ?? COMMON[name];
      const o = await runCell('plain-nest', platform, name);
      expected.check(o);
      const exit = typeof expected.exit === 'function' ? expected.exit(o) : expected.exit;
      expect(o.exit).toMatchObject({ code: null, signal: exit });
      if (exit === 'SIGKILL') {
        expect(o.exit.at - o.signalAt).toBeGreaterThanOrEqual(HARD_LIMIT_MS - 500);
      }
    });
  });
}
