import {
  type CounterSample,
  type DrainRun,
  type InFlightRequest,
  type InstanceState,
  LIVE_SAMPLE_CAPACITY,
  type LiveBatch,
  type LiveBye,
  type LiveDrainEvent,
  type LiveImmediateEvent,
  type LiveSnapshot,
} from '@drainboard/contracts';

/** Where the console stands with the process it watches. */
export type ConnectionPhase = 'connecting' | 'live' | 'exited' | 'lost';

/** How the watched process went away. */
export interface ProcessExit {
  instanceId: string | null;
  /** The exit code recorded by the run's `exit` stage, when the process said goodbye after one. */
  code: number | null;
  /** ISO-8601 time of the `bye` (exited) or of the lost connection (lost). */
  at: string;
  /** The final run (stop), if any. */
  run: DrainRun | null;
  /** True when the process said `bye`; false when the connection was simply lost (kill -9, crash, network). */
  saidBye: boolean;
}

/** What the live page shows, built from a snapshot and the events after it. */
export interface LiveView {
  phase: ConnectionPhase;
  instanceId: string | null;
  state: InstanceState | null;
  inFlight: InFlightRequest[];
  inFlightCount: number;
  openConnections: number;
  currentRun: DrainRun | null;
  /** The latest run seen (kept after a resume, for chart markers and the link to history). */
  lastRun: DrainRun | null;
  samples: CounterSample[];
  counters: CounterSample | null;
  /** `seq` of the last batch since the last snapshot. */
  lastSeq: number | null;
  /** True when a batch was missed: the feed should ask for a resync. */
  gap: boolean;
  /** Set once the process exited or the connection was lost; kept (as the previous process) after a reconnect. */
  exit: ProcessExit | null;
}

/** Everything the feed delivers, as reducer actions. */
export type LiveAction =
  | { type: 'snapshot'; snapshot: LiveSnapshot }
  | { type: 'batch'; batch: LiveBatch }
  | { type: 'bye'; bye: LiveBye }
  | { type: 'disconnected'; at: string }
  /** The first connection attempt failed: with a kept exit (a reload while no process listens), show it. */
  | { type: 'unreachable' }
  | LiveDrainEvent<LiveImmediateEvent>;

export const EMPTY_LIVE_VIEW: LiveView = {
  phase: 'connecting',
  instanceId: null,
  state: null,
  inFlight: [],
  inFlightCount: 0,
  openConnections: 0,
  currentRun: null,
  lastRun: null,
  samples: [],
  counters: null,
  lastSeq: null,
  gap: false,
  exit: null,
};

/**
 * The view a page starts with: empty, or, when this tab kept how the last process ended (a reload after it
 * exited), that exit, shown once the first connection fails (`unreachable`) and as the previous process after.
 */
export function initialLiveView(kept: ProcessExit | null): LiveView {
  return kept ? { ...EMPTY_LIVE_VIEW, exit: kept } : EMPTY_LIVE_VIEW;
}

/** The exit code recorded in a run's `exit` stage, if it has one. */
export function exitCodeOf(run: DrainRun | null): number | null {
  const code = run?.stages.find((stage) => stage.name === 'exit')?.details.code;
  return typeof code === 'number' ? code : null;
}

function applySnapshot(view: LiveView, snapshot: LiveSnapshot): LiveView {
  return {
    phase: 'live',
    instanceId: snapshot.instanceId,
    state: snapshot.state,
    inFlight: snapshot.inFlight,
    inFlightCount: snapshot.inFlightCount,
    openConnections: snapshot.openConnections,
    currentRun: snapshot.currentRun,
    lastRun: snapshot.currentRun ?? (view.instanceId === snapshot.instanceId ? view.lastRun : null),
    samples: snapshot.samples.slice(-LIVE_SAMPLE_CAPACITY),
    counters: snapshot.samples.at(-1) ?? null,
    lastSeq: null,
    gap: false,
    exit: view.exit,
  };
}

function applyBatch(view: LiveView, batch: LiveBatch): LiveView {
  if (view.phase !== 'live') {
    return view;
  }
  const finished = new Set(batch.finished);
  const known = new Set<string>();
  const inFlight = view.inFlight.filter((request) => !finished.has(request.id) && known.add(request.id));
  for (const request of batch.added) {
    if (!known.has(request.id)) {
      inFlight.push(request);
    }
  }
  const samples = batch.sample ? [...view.samples, batch.sample].slice(-LIVE_SAMPLE_CAPACITY) : view.samples;
  return {
    ...view,
    inFlight,
    inFlightCount: batch.counters.inFlight,
    openConnections: batch.counters.openConnections,
    counters: batch.counters,
    samples,
    lastSeq: batch.seq,
    gap: view.gap || (view.lastSeq !== null && batch.seq !== view.lastSeq + 1),
  };
}

/** The process is gone (or going): nothing it listed is in flight any more as far as this console can know. */
function ended(view: LiveView, at: string, saidBye: boolean): LiveView {
  const run = view.currentRun ?? view.lastRun;
  return {
    ...view,
    phase: saidBye ? 'exited' : 'lost',
    inFlight: [],
    inFlightCount: 0,
    openConnections: 0,
    counters: null,
    exit: { instanceId: view.instanceId, code: saidBye ? exitCodeOf(run) : null, at, run, saidBye },
  };
}

function withStage(run: DrainRun, event: LiveDrainEvent<'stage-start' | 'stage-end'>): DrainRun {
  const record =
    event.type === 'stage-end'
      ? event.stage
      : {
          name: event.stage,
          order: run.stages.length,
          startedAt: event.at,
          endedAt: null,
          durationMs: null,
          outcome: 'running' as const,
          details: {},
        };
  const others = run.stages.filter((stage) => stage.name !== record.name);
  return { ...run, stages: [...others, record].sort((a, b) => a.order - b.order) };
}

/** Folds one feed message into the view. Pure: unknown runs and duplicate requests are ignored. */
export function liveReducer(view: LiveView, action: LiveAction): LiveView {
  switch (action.type) {
    case 'snapshot':
      return applySnapshot(view, action.snapshot);
    case 'batch':
      return applyBatch(view, action.batch);
    case 'bye':
      return ended(view, action.bye.at, true);
    case 'disconnected':
      // After a bye the disconnect is expected; otherwise the process (or the network) went away unannounced.
      return view.phase === 'live' ? ended(view, action.at, false) : view;
    case 'unreachable':
      if (view.phase !== 'connecting' || !view.exit) {
        return view;
      }
      return {
        ...view,
        phase: view.exit.saidBye ? 'exited' : 'lost',
        instanceId: view.exit.instanceId,
        currentRun: view.exit.run,
        lastRun: view.exit.run,
      };
    case 'state':
      return { ...view, state: action.to, currentRun: action.to === 'serving' ? null : view.currentRun };
    case 'run-start':
    case 'run-end':
      return { ...view, currentRun: action.run, lastRun: action.run };
    case 'stage-start':
    case 'stage-end': {
      if (view.currentRun?.id !== action.runId) {
        return view;
      }
      const currentRun = withStage(view.currentRun, action);
      return { ...view, currentRun, lastRun: currentRun };
    }
  }
}
