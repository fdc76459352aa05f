import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { Subject } from 'rxjs';

import type { DrainEvent, DrainRun, DrainStageRecord } from '@drainboard/contracts';
import { stageOrder } from '@drainboard/contracts';
import type { RunPersister } from '@drainboard/drain';

import { drainRun } from '../../../test/support/drain-run.js';
import type { DrainEventSource } from './drain-event-source.js';
import { RunRecorder } from './run-recorder.service.js';
import { RunSpool } from './run-spool.js';
import type { RunsRepository } from './runs.repository.js';

const at = '2026-01-01T00:00:00.000Z';

/** A spool on a slow disk: each fsync'ed append takes `delayMs` more (a loaded machine, a network volume). */
class SlowDiskSpool extends RunSpool {
  constructor(
    dataDir: string,
    private readonly delayMs: number,
  ) {
    super(dataDir);
  }

  override async append(run: DrainRun): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return super.append(run);
  }
}

/** The drain library's events and persister registration, as the recorder sees them. */
function eventSource(): {
  events: Subject<DrainEvent>;
  source: DrainEventSource;
  persister: () => RunPersister;
} {
  const events = new Subject<DrainEvent>();
  let registered: RunPersister | undefined;
  const source: DrainEventSource = {
    instanceId: 'unit',
    runEvents$: events,
    registerPersister: (_name, persist) => {
      registered = persist;
      return () => undefined;
    },
  };
  return { events, source, persister: () => registered! };
}

describe('RunRecorder with Postgres gone', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'drainboard-recorder-unit-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('has the exit stage, with its end, in the spool once shutdown returns, however slow the disk', async () => {
    const { events, source, persister } = eventSource();
    const unreachable = {
      saveRun: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
    } as unknown as RunsRepository;
    const spool = new SlowDiskSpool(dataDir, 60);
    const recorder = new RunRecorder(source, unreachable, spool);
    await recorder.onApplicationBootstrap();

    const run = drainRun({ id: '00000000-0000-4000-8000-0000000000aa', startedAt: at });
    events.next({ type: 'run-start', run, at });
    await persister()(run, { budgetMs: 1000 } as Parameters<RunPersister>[1]);
    events.next({ type: 'stage-start', runId: run.id, stage: 'exit', at });
    await recorder.beforeApplicationShutdown();
    await recorder.onApplicationShutdown();

    // What the next boot replays is the last copy: it must be the whole run, the exit stage ended.
    const copies = (await readFile(spool.file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { run: DrainRun }).run);
    const exit = copies.at(-1)!.stages.find((stage) => stage.name === 'exit');
    expect(exit).toEqual(expect.objectContaining({ name: 'exit', endedAt: expect.any(String) }));
    expect(recorder.lostRuns()).toBe(0);
  });
});

describe('RunRecorder at the end of a stop', () => {
  const stage = (name: DrainStageRecord['name'], outcome: DrainStageRecord['outcome']): DrainStageRecord => ({
    name,
    order: stageOrder(name),
    startedAt: at,
    endedAt: outcome === 'running' ? null : at,
    durationMs: outcome === 'running' ? null : 1,
    outcome,
    details: {},
  });

  it('writes the run once after its persist stage: the persist stage ended and the exit stage with its real end', async () => {
    const { events, source, persister } = eventSource();
    const written: DrainRun[] = [];
    const repository = {
      saveRun: (run: DrainRun) => {
        written.push(structuredClone(run));
        return Promise.resolve();
      },
    } as unknown as RunsRepository;
    const recorder = new RunRecorder(source, repository, new RunSpool(os.tmpdir()));
    await recorder.onApplicationBootstrap();

    const run = drainRun({ id: '00000000-0000-4000-8000-0000000000bb', startedAt: at });
    events.next({ type: 'run-start', run, at });
    const persisting = { ...run, outcome: 'clean' as const, stages: [stage('persist', 'running')] };
    events.next({ type: 'stage-start', runId: run.id, stage: 'persist', at });
    await persister()(persisting, { budgetMs: 1000 } as Parameters<RunPersister>[1]);
    await recorder.beforeApplicationShutdown();
    const beforeEnd = written.length;
    // The rest of the stop comes in one turn of the event loop, as the engine emits it.
    events.next({ type: 'stage-end', runId: run.id, stage: stage('persist', 'ok'), at });
    events.next({ type: 'stage-start', runId: run.id, stage: 'exit', at });
    events.next({ type: 'stage-end', runId: run.id, stage: stage('exit', 'ok'), at });
    const final = { ...persisting, stages: [stage('persist', 'ok'), stage('exit', 'ok')] };
    events.next({ type: 'run-end', run: final, at });
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(beforeEnd);

    await recorder.endExitStage();
    await recorder.onApplicationShutdown();
    expect(written).toHaveLength(beforeEnd + 1);
    const last = written.at(-1)!;
    expect(last.stages.find((s) => s.name === 'persist')).toMatchObject({ outcome: 'ok' });
    const exit = last.stages.find((s) => s.name === 'exit');
    expect(exit).toMatchObject({ outcome: 'ok', endedAt: expect.any(String) });
    expect(exit!.durationMs).not.toBe(1);
  });
});
