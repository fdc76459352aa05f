import type { CounterSample, LiveBatch } from '@drainboard/contracts';
import { request, run, snapshot, stage } from '@web/test-support/fixtures.js';

import {
  EMPTY_LIVE_VIEW,
  initialLiveView,
  type LiveAction,
  liveReducer,
  type LiveView,
  type ProcessExit,
} from './live-view.js';

const counters = (inFlight: number): CounterSample => ({
  at: '2026-01-01T00:00:01.000Z',
  inFlight,
  throughput: 10,
  openConnections: 2,
  connections: { idle: 1, busy: 1, realtime: 0 },
  responses: { '1xx': 0, '2xx': 10, '3xx': 0, '4xx': 0, '5xx': 0 },
});
const batch = (seq: number, added: string[], finished: string[]): LiveAction => ({
  type: 'batch',
  batch: {
    instanceId: 'test-instance',
    seq,
    added: added.map(request),
    finished,
    counters: counters(added.length),
    sample: null,
  } satisfies LiveBatch,
});
const fold = (actions: LiveAction[], from: LiveView = EMPTY_LIVE_VIEW) => actions.reduce(liveReducer, from);

describe('liveReducer', () => {
  it('replaces everything with a snapshot', () => {
    const view = fold([
      { type: 'snapshot', snapshot: snapshot({ state: 'drained', inFlight: [request('a')] }) },
    ]);
    expect(view.state).toBe('drained');
    expect(view.inFlight.map((r) => r.id)).toEqual(['a']);
  });

  it('applies batches: adds, removes finished, ignores duplicates and unknown ids', () => {
    const view = fold([
      { type: 'snapshot', snapshot: snapshot({ inFlight: [request('a')] }) },
      batch(7, ['b', 'a'], ['x']),
      batch(8, ['c'], ['a']),
    ]);
    expect(view.inFlight.map((r) => r.id)).toEqual(['b', 'c']);
    expect(view.gap).toBe(false);
  });

  it('flags a gap in batch sequence numbers, cleared by the next snapshot', () => {
    const gapped = fold([{ type: 'snapshot', snapshot: snapshot() }, batch(1, [], []), batch(3, [], [])]);
    expect(gapped.gap).toBe(true);
    expect(liveReducer(gapped, { type: 'snapshot', snapshot: snapshot() }).gap).toBe(false);
  });

  it('keeps at most 120 samples for the charts', () => {
    const samples = Array.from({ length: 120 }, (_, i) => counters(i));
    let view = fold([{ type: 'snapshot', snapshot: snapshot({ samples }) }]);
    view = liveReducer(view, {
      type: 'batch',
      batch: {
        instanceId: 'test-instance',
        seq: 1,
        added: [],
        finished: [],
        counters: counters(500),
        sample: counters(500),
      },
    });
    expect(view.samples).toHaveLength(120);
    expect(view.samples.at(-1)?.inFlight).toBe(500);
  });

  it('builds the current run from run and stage events, in stage order', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const view = fold([
      { type: 'run-start', run: run(), at },
      { type: 'stage-start', runId: 'run-1', stage: 'trigger', at },
      { type: 'stage-end', runId: 'run-1', stage: stage('trigger', 0, 0, 1), at },
      { type: 'stage-start', runId: 'run-1', stage: 'unready', at },
      { type: 'stage-start', runId: 'other-run', stage: 'persist', at },
    ]);
    expect(view.currentRun?.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['trigger', 'ok'],
      ['unready', 'running'],
    ]);
  });

  it('clears the current run when the instance serves again', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const view = fold([
      { type: 'run-start', run: run(), at },
      { type: 'state', from: 'drained', to: 'serving', at, runId: 'run-1' },
    ]);
    expect(view).toMatchObject({ state: 'serving', currentRun: null });
  });

  it('on bye shows the exit code of the final run and clears what was in flight', () => {
    const at = '2026-01-01T00:00:05.000Z';
    const final = run({
      kind: 'stop',
      outcome: 'clean',
      stages: [{ ...stage('exit', 7, 0, 1), details: { code: 0 } }],
    });
    const view = fold([
      { type: 'snapshot', snapshot: snapshot({ inFlight: [request('a')], inFlightCount: 1 }) },
      { type: 'run-end', run: final, at },
      { type: 'bye', bye: { reason: 'process exit', at } },
      { type: 'disconnected', at: '2026-01-01T00:00:06.000Z' },
    ]);
    expect(view).toMatchObject({ phase: 'exited', inFlight: [], inFlightCount: 0 });
    expect(view.exit).toMatchObject({ code: 0, at, saidBye: true, instanceId: 'host-1' });
  });

  it('treats a disconnect without bye as a lost process and ignores late batches', () => {
    const view = fold([
      { type: 'snapshot', snapshot: snapshot({ inFlight: [request('a')], inFlightCount: 1 }) },
      { type: 'disconnected', at: '2026-01-01T00:00:06.000Z' },
      batch(1, ['b'], []),
    ]);
    expect(view).toMatchObject({ phase: 'lost', inFlight: [], inFlightCount: 0 });
    expect(view.exit).toMatchObject({ code: null, saidBye: false });
  });

  it('goes live again with the next process and remembers how the previous one ended', () => {
    const view = fold([
      { type: 'snapshot', snapshot: snapshot() },
      { type: 'bye', bye: { reason: 'process exit', at: '2026-01-01T00:00:05.000Z' } },
      { type: 'snapshot', snapshot: snapshot({ instanceId: 'host-2' }) },
    ]);
    expect(view).toMatchObject({ phase: 'live', instanceId: 'host-2' });
    expect(view.exit?.instanceId).toBe('host-1');
  });

  it('after a reload with a kept exit, shows it once the first connection fails, then goes live with the next', () => {
    const final = run({ kind: 'stop', outcome: 'clean', stages: [{ ...stage('exit', 7, 0, 1), details: { code: 1 } }] });
    const kept: ProcessExit = { instanceId: 'host-1', code: 1, at: '2026-01-01T00:00:05.000Z', run: final, saidBye: true };
    const start = initialLiveView(kept);
    expect(start.phase).toBe('connecting');
    const gone = liveReducer(start, { type: 'unreachable' });
    expect(gone).toMatchObject({ phase: 'exited', instanceId: 'host-1', currentRun: final, inFlight: [] });
    expect(liveReducer(gone, { type: 'unreachable' })).toBe(gone);
    const next = liveReducer(gone, { type: 'snapshot', snapshot: snapshot({ instanceId: 'host-2' }) });
    expect(next).toMatchObject({ phase: 'live', instanceId: 'host-2', currentRun: null });
    expect(next.exit).toEqual(kept);
    expect(liveReducer(initialLiveView({ ...kept, saidBye: false }), { type: 'unreachable' }).phase).toBe('lost');
  });

  it('ignores an unreachable API when nothing was kept or once live', () => {
    expect(liveReducer(EMPTY_LIVE_VIEW, { type: 'unreachable' })).toBe(EMPTY_LIVE_VIEW);
    const live = fold([{ type: 'snapshot', snapshot: snapshot() }]);
    expect(liveReducer(live, { type: 'unreachable' })).toBe(live);
  });
});
