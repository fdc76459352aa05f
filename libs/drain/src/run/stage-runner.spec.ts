import type { DrainEvent, DrainRun } from '@drainboard/contracts';

import { type DrainClock, resolveDrainOptions } from '../drain-options.js';
import { DrainEvents } from '../events/drain-events.js';
import { HookRecorder } from '../lifecycle/hook-recorder.js';
import { JobTracker } from '../schedule/job-tracker.js';
import { TrafficServer } from '../tracking/traffic-server.js';
import type { DrainContext, DrainStageStep } from './drain-context.js';
import { createRun } from './run-factory.js';
import { runStages } from './stage-runner.js';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

/** A clock that advances 5 ms on every read. */
function steppingClock(): DrainClock {
  let t = Date.UTC(2026, 0, 1);
  return {
    now: () => (t += 5),
    sleep: () => Promise.resolve(),
    setTimeout: () => ({ cancel: () => undefined }),
  };
}

function context(interrupted = new AbortController().signal): { ctx: DrainContext; events: DrainEvent[] } {
  const options = resolveDrainOptions({ clock: steppingClock(), exit: () => undefined, logger: silent });
  const events = new DrainEvents(options.clock);
  const seen: DrainEvent[] = [];
  events.subject.subscribe((e) => seen.push(e));
  const run: DrainRun = createRun({
    instanceId: 'test',
    kind: 'drain',
    trigger: { source: 'api' },
    startedAt: new Date().toISOString(),
    deadlineMs: 1000,
    inFlight: 0,
  });
  const ctx: DrainContext = {
    run,
    deadlineAt: options.clock.now() + 1000,
    interrupted,
    deadlineReached: new AbortController().signal,
    options,
    events,
    logger: silent,
    traffic: new TrafficServer(options.clock, events),
    jobs: new JobTracker(options.clock.now),
    hooks: new HookRecorder(options.clock, () => 100),
    realtime: new Map(),
    persisters: new Map(),
    app: null,
    setReady: () => undefined,
    isReady: () => true,
    exitCode: 0,
  };
  return { ctx, events: seen };
}

const step = (
  name: DrainStageStep['name'],
  run: DrainStageStep['run'],
  runsWhenInterrupted = false,
): DrainStageStep => ({
  name,
  run,
  runsWhenInterrupted,
});

describe('runStages', () => {
  it('times each stage with the injected clock and announces its start and end', async () => {
    const { ctx, events } = context();
    await runStages(ctx, [step('trigger', () => Promise.resolve({ details: { a: 1 } }))]);
    expect(ctx.run.stages).toEqual([
      expect.objectContaining({ name: 'trigger', order: 0, outcome: 'ok', details: { a: 1 } }),
    ]);
    const [record] = ctx.run.stages;
    expect(record!.durationMs).toBeGreaterThan(0);
    expect(Date.parse(record!.endedAt!) - Date.parse(record!.startedAt)).toBe(record!.durationMs);
    expect(events.map((e) => e.type)).toEqual(['stage-start', 'stage-end']);
  });

  it('records an error on its stage and carries on with the next one', async () => {
    const { ctx } = context();
    await runStages(ctx, [
      step('unready', () => Promise.reject(new Error('boom'))),
      step('close-listener', () => Promise.resolve({ outcome: 'ok' })),
    ]);
    expect(ctx.run.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['unready', 'failed'],
      ['close-listener', 'ok'],
    ]);
    expect(ctx.run.stages[0]?.details).toEqual({ error: 'boom' });
  });

  it('skips stages after an interrupt, except those that must always run', async () => {
    const interrupt = new AbortController();
    interrupt.abort();
    const { ctx } = context(interrupt.signal);
    let persisted = false;
    await runStages(ctx, [
      step('drain-requests', () => Promise.resolve({})),
      step('persist', () => Promise.resolve({ details: { done: (persisted = true) } }), true),
    ]);
    expect(ctx.run.stages.map((s) => s.outcome)).toEqual(['skipped', 'ok']);
    expect(persisted).toBe(true);
  });
});
