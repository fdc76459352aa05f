import {
  LIVE_SAMPLE_CAPACITY,
  type CounterSample,
  type DrainRun,
  type InFlightRequest,
  type InstanceState,
  type LiveBatch,
  type LiveBye,
  type LiveDrainEvent,
  type LiveImmediateEvent,
  type LiveSnapshot,
} from '@drainboard/contracts';

/** What the live page shows, built from a snapshot and the events after it. */
export interface LiveView {
  instanceId: string | null;
  state: InstanceState | null;
  inFlight: InFlightRequest[];
  inFlightCount: number;
  openConnections: number;
  currentRun: DrainRun | null;
  samples: CounterSample[];
  counters: CounterSample | null;
  /** `seq` of the last batch since the last snapshot. */
  lastSeq: number | null;
  /** True when a batch was missed: the feed should ask for a resync. */
  gap: boolean;
  bye: LiveBye | null;
}

/** Everything the feed delivers, as reducer actions. */
export type LiveAction =
  | { type: 'snapshot'; snapshot: LiveSnapshot }
  | { type: 'batch'; batch: LiveBatch }
  | { type: 'bye'; bye: LiveBye }
  | LiveDrainEvent<LiveImmediateEvent>;

export const EMPTY_LIVE_VIEW: LiveView = {
  instanceId: null,
  state: null,
  inFlight: [],
  inFlightCount: 0,
  openConnections: 0,
  currentRun: null,
  samples: [],
  counters: null,
  lastSeq: null,
  gap: false,
  bye: null,
};

function applySnapshot(snapshot: LiveSnapshot): LiveView {
  return {
    instanceId: snapshot.instanceId,
    state: snapshot.state,
    inFlight: snapshot.inFlight,
    inFlightCount: snapshot.inFlightCount,
    openConnections: snapshot.openConnections,
    currentRun: snapshot.currentRun,
    samples: snapshot.samples.slice(-LIVE_SAMPLE_CAPACITY),
    counters: snapshot.samples.at(-1) ?? null,
    lastSeq: null,
    gap: false,
    bye: null,
  };
}

function applyBatch(view: LiveView, batch: LiveBatch): LiveView {
  const finished = new Set(batch.finished);
  const known = new Set<string>();
  const inFlight = view.inFlight.filter((request) => !finished.has(request.id) && known.add(request.id));
  for (const request of batch.added) if (!known.has(request.id)) inFlight.push(request);
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
      return applySnapshot(action.snapshot);
    case 'batch':
      return applyBatch(view, action.batch);
    case 'bye':
      return { ...view, bye: action.bye };
    case 'state':
      return { ...view, state: action.to, currentRun: action.to === 'serving' ? null : view.currentRun };
    case 'run-start':
    case 'run-end':
      return { ...view, currentRun: action.run };
    case 'stage-start':
    case 'stage-end':
      if (view.currentRun?.id !== action.runId) return view;
      return { ...view, currentRun: withStage(view.currentRun, action) };
  }
}
