import type { DrainRun, DrainStageRecord } from '@drainboard/contracts';

import { drainRun } from '../../../test/support/drain-run.js';
import { applyEvent, withReplay, withTruth } from './run-snapshot.js';

const at = '2026-01-01T00:00:00.000Z';

function run(stages: DrainStageRecord[] = []): DrainRun {
  return drainRun({ startedAt: at, stages });
}

const stage = (name: DrainStageRecord['name'], extra: Partial<DrainStageRecord> = {}): DrainStageRecord => ({
  name,
  order: 0,
  startedAt: at,
  endedAt: at,
  durationMs: 1,
  outcome: 'ok',
  details: {},
  ...extra,
});

describe('run snapshots', () => {
  it('folds stage and abort events into the run, and ignores events that store nothing', () => {
    const base = run();
    const started = applyEvent(base, { type: 'stage-start', runId: base.id, stage: 'trigger', at });
    expect(started.stages).toEqual([expect.objectContaining({ name: 'trigger', outcome: 'running' })]);
    expect(applyEvent(started, { type: 'stage-start', runId: base.id, stage: 'trigger', at })).toBe(started);
    const ended = applyEvent(started, { type: 'stage-end', runId: base.id, stage: stage('trigger'), at });
    expect(ended.stages).toEqual([stage('trigger')]);
    const request = { method: 'GET', route: '/x', ageMs: 1, bytesSent: 0 };
    const aborted = applyEvent(ended, { type: 'request-aborted', runId: base.id, request, at });
    expect(aborted.abortedRequests).toEqual([request]);
    expect(applyEvent(aborted, { type: 'state', from: 'serving', to: 'stopping', at, runId: base.id })).toBe(
      aborted,
    );
  });

  it('adds when the run was spooled to its persist stage and the real end of its exit stage', () => {
    const snapshot = withTruth(run([stage('persist'), stage('exit')]), {
      spooledAt: '2026-01-01T00:00:01.000Z',
      spool: '/d/runs-spool.jsonl',
      exitEnd: { endedAt: '2026-01-01T00:00:02.000Z', durationMs: 2000 },
    });
    expect(snapshot.stages[0]!.details).toEqual({
      spooledAt: '2026-01-01T00:00:01.000Z',
      spool: '/d/runs-spool.jsonl',
    });
    expect(snapshot.stages[1]).toMatchObject({ endedAt: '2026-01-01T00:00:02.000Z', durationMs: 2000 });
  });

  it('at replay, says when the run was written, and ends a persist stage the dead process left running', () => {
    const spooledAt = '2026-01-01T00:00:00.500Z';
    const replayed = withReplay(
      { run: run([stage('persist', { outcome: 'running', endedAt: null, durationMs: null })]), spooledAt },
      '2026-01-01T00:01:00.000Z',
    );
    expect(replayed.stages[0]).toMatchObject({
      outcome: 'ok',
      endedAt: spooledAt,
      durationMs: 500,
      details: { spooledAt, writtenAt: '2026-01-01T00:01:00.000Z' },
    });
  });
});
