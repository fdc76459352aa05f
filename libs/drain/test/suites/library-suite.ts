import { INCOMPLETE_HEAD_ROUTE } from '../../src/tracking/deadline-cut.js';
import { PIPELINED_MS, QUEUED_AFTER_SIGNAL, UPLOAD_BYTES } from '../support/index.js';
import {
  lastResponseAt,
  type Platform,
  runCell,
  runOf,
  socketAccount,
  stageDetails,
  statuses,
} from './cells.js';

/** Well under the fixture's 5 s deadline (see the comment in `describeLibrary`). */
const PROMPT_EXIT_MS = 1000;

/** Every shutdown scenario against the library's fixture app on `platform`, with what a user would notice. */
export function describeLibrary(platform: Platform): void {
  const cell = (name: Parameters<typeof runCell>[2]) => runCell('drain-app', platform, name);

  describe(`@drainboard/drain on ${platform} (child process, real signals)`, () => {
    // Exit bounds: the fixture's deadline is 5 s and nothing in the exit path may wait on it or on a timer, so an
    // exit within PROMPT_EXIT_MS shows the process leaves as soon as its work is done. The exact figures (a few ms)
    // are the bench's (bench/drain-library.mjs); a bound near them would only measure the machine's load.
    it('completes 20 in-flight async requests and exits promptly after the last response', async () => {
      const o = await cell('in-flight-async');
      expect(statuses(o.results)).toEqual(Array(20).fill(200));
      expect(o.exit.code).toBe(0);
      expect(o.exit.at - lastResponseAt(o)).toBeLessThan(PROMPT_EXIT_MS);
    });

    it('completes a blocking request and the async ones around it, with no error on stderr', async () => {
      const o = await cell('blocking-request');
      expect(statuses(o.results)).toEqual(Array(6).fill(200));
      expect(o.exit.code).toBe(0);
      expect(o.app.stderr()).not.toMatch(/error/i);
    });

    it('closes 50 idle keep-alive sockets with a FIN and exits promptly', async () => {
      const o = await cell('idle-keep-alive');
      expect(o.exit.code).toBe(0);
      expect(o.exit.at - o.signalAt).toBeLessThan(PROMPT_EXIT_MS);
      expect(o.sockets?.filter((s) => s.endBeforeClose && s.error === null)).toHaveLength(50);
      expect(o.sockets?.every((s) => s.closedAt >= o.signalAt)).toBe(true);
      expect(socketAccount(o).closed.idleFin).toBe(50);
    });

    it('gives a closed loop of 32 keep-alive clients no reset, broken pipe or hang-up', async () => {
      const o = await cell('keep-alive-closed-loop');
      expect(o.loopErrors).toEqual({});
      expect(o.exit.code).toBe(0);
      socketAccount(o);
    });

    it('cuts requests off at the deadline, reports them, and fires their AbortSignal first', async () => {
      const o = await cell('past-deadline');
      expect(o.exit.code).toBe(1);
      const run = runOf(o);
      // The deadline counts from the trigger, i.e. when the child handled SIGTERM.
      const sinceTrigger = o.exit.at - Date.parse(run.startedAt);
      expect(sinceTrigger).toBeGreaterThanOrEqual(1000);
      // Cut at the deadline, not held past it: the slack covers the cut itself and a loaded machine.
      expect(sinceTrigger).toBeLessThan(1000 + 500);
      expect(run.outcome).toBe('aborted');
      expect(run.abortedRequests.map((r) => r.route)).toEqual(Array(3).fill('/demo/abortable'));
      for (const aborted of run.abortedRequests) {
        expect(aborted.ageMs).toBeGreaterThanOrEqual(1000);
      }
      expect(o.app.stdout().match(/ABORT-OBSERVED (\d+)/g)).toHaveLength(3);
      expect(o.results.every((r) => r.status === null)).toBe(true);
      expect(socketAccount(o).cutReasons).toEqual({ 'request in flight': 3 });
    });

    it('completes streaming responses whole', async () => {
      const o = await cell('streaming');
      expect(o.exit.code).toBe(0);
      for (const r of o.results) {
        expect(r).toMatchObject({ status: 200, body: expect.stringMatching(/\ndone after \d+ ms\n$/) });
      }
    });

    it('records a throwing and a hanging hook as failed and still exits at the deadline with 1', async () => {
      const o = await cell('bad-hooks');
      expect(o.exit.code).toBe(1);
      expect(o.exit.at - o.signalAt).toBeLessThan(1000 + 400);
      expect(stageDetails(o, 'app-hooks').hooks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ hook: 'ThrowingHook.onModuleDestroy', outcome: 'failed' }),
          expect.objectContaining({ hook: 'HangingHook.beforeApplicationShutdown', outcome: 'timeout' }),
        ]),
      );
    });

    it('serves requests whose head was arriving in pieces across the signal, announcing the close', async () => {
      const o = await cell('partial-heads');
      expect(o.results.map((r) => [r.status, r.connection])).toEqual(Array(10).fill([200, 'close']));
      expect(o.exit.code).toBe(0);
      expect(socketAccount(o).closed.afterLastResponse).toBe(10);
    });

    it('lists a head still incomplete at the deadline as aborted, with its age', async () => {
      const o = await cell('incomplete-head');
      const run = runOf(o);
      expect(o.exit.code).toBe(1);
      expect(o.exit.at - Date.parse(run.startedAt)).toBeLessThan(1000 + 400);
      expect(run.abortedRequests.map((r) => r.route)).toEqual(Array(3).fill(INCOMPLETE_HEAD_ROUTE));
      for (const aborted of run.abortedRequests) {
        expect(aborted.ageMs).toBeGreaterThanOrEqual(1000);
      }
      expect(socketAccount(o)).toMatchObject({ cutReasons: { 'request head incomplete': 3 } });
    });

    it('answers 3 pipelined requests per socket in order and exits promptly after the last response', async () => {
      const o = await cell('pipelining');
      const perSocket = Array.from({ length: 10 }, (_, i) => o.results.slice(i * 3, i * 3 + 3));
      for (const three of perSocket) {
        // Each answer waited at least its own request's time (PIPELINED_MS decreases): answers in order.
        const waited = three.map((r) => (JSON.parse(r.body || '{}') as { waitedMs?: number }).waitedMs ?? 0);
        expect(statuses(three)).toEqual([200, 200, 200]);
        expect(waited.map((w, i) => w >= PIPELINED_MS[i]! - 1)).toEqual([true, true, true]);
        // Never announced while requests are queued behind; the last announces it unless its head was
        // written before the signal (then the FIN follows it).
        expect(three.slice(0, 2).map((r) => r.connection)).toEqual(['keep-alive', 'keep-alive']);
      }
      expect(o.exit.code).toBe(0);
      expect(o.exit.at - lastResponseAt(o)).toBeLessThan(PROMPT_EXIT_MS);
      expect(socketAccount(o).closed.afterLastResponse).toBe(10);
    });

    it('keeps a 1 MB upload arriving across the signal in flight until its body is read', async () => {
      const o = await cell('upload');
      expect(o.results).toEqual([expect.objectContaining({ status: 200, error: null })]);
      expect(JSON.parse(o.results[0]!.body)).toEqual({ bytes: UPLOAD_BYTES });
      expect(o.exit.code).toBe(0);
    });

    it('accepts and serves connections the kernel completed before the listener closed', async () => {
      const o = await cell('accept-backlog');
      const all = QUEUED_AFTER_SIGNAL + 12;
      expect(o.results.map((r) => r.error)).toEqual(Array(all).fill(null));
      expect(statuses(o.results)).toEqual(Array(all).fill(200));
      expect(o.exit.code).toBe(0);
      expect(stageDetails(o, 'close-listener').acceptedFromBacklog).toBeGreaterThanOrEqual(QUEUED_AFTER_SIGNAL);
      socketAccount(o);
    });

    it('closes socket.io (both transports), ws and SSE clients cleanly; socket.io ones reconnect to a second instance', async () => {
      const o = await cell('realtime');
      const bodies = o.results.map((r) => r.body);
      expect(bodies.slice(0, 10)).toEqual(
        Array(10).fill(expect.stringMatching(/^websocket: transport close, then \d+ -> \d+/)),
      );
      expect(bodies.slice(10, 20)).toEqual(
        Array(10).fill(expect.stringMatching(/^polling: transport close, then \d+ -> \d+/)),
      );
      expect(bodies.slice(20, 30)).toEqual(Array(10).fill('ws: close 1001'));
      expect(bodies.slice(30)).toEqual(
        Array(10).fill(expect.stringMatching(/^sse: ended; last: .*\nretry: \d+/s)),
      );
      expect(statuses(o.results)).toEqual(Array(40).fill(200));
      expect(o.exit.code).toBe(0);
      expect(o.exit.at - o.signalAt).toBeLessThan(PROMPT_EXIT_MS);
      expect(stageDetails(o, 'drain-requests')).toMatchObject({ abortedRequests: 0, left: { requests: 0 } });
    });
  });
}
