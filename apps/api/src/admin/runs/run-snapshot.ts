import { type DrainEvent, type DrainRun, type DrainStageRecord, stageOrder } from '@drainboard/contracts';

/**
 * The run after `event`, or `run` itself when the event does not change what is stored (per-request and state
 * events). Run events carry the whole run; stage and abort events are folded into the last snapshot.
 */
export function applyEvent(run: DrainRun, event: DrainEvent): DrainRun {
  switch (event.type) {
    case 'run-start':
    case 'run-end':
      return structuredClone(event.run);
    case 'stage-start': {
      if (run.stages.some((stage) => stage.name === event.stage)) {
        return run;
      }
      const stage: DrainStageRecord = {
        name: event.stage,
        order: stageOrder(event.stage),
        startedAt: event.at,
        endedAt: null,
        durationMs: null,
        outcome: 'running',
        details: {},
      };
      return { ...run, stages: [...run.stages, stage] };
    }
    case 'stage-end': {
      const others = run.stages.filter((stage) => stage.name !== event.stage.name);
      return { ...run, stages: [...others, structuredClone(event.stage)] };
    }
    case 'request-aborted':
      return { ...run, abortedRequests: [...run.abortedRequests, structuredClone(event.request)] };
    default:
      return run;
  }
}

/** What only the recorder knows about a run. */
export interface RecorderTruth {
  /** When the run reached the spool because Postgres could not take it. */
  spooledAt: string | null;
  spool: string;
  /** The exit stage's real end: when the admin app had closed. */
  exitEnd: { endedAt: string; durationMs: number } | null;
}

function mapStage(
  run: DrainRun,
  name: DrainStageRecord['name'],
  change: (stage: DrainStageRecord) => DrainStageRecord,
): DrainRun {
  return { ...run, stages: run.stages.map((stage) => (stage.name === name ? change(stage) : stage)) };
}

/** `run` with the recorder's knowledge added: the persist stage says when it spooled, the exit stage ends late. */
export function withTruth(run: DrainRun, truth: RecorderTruth): DrainRun {
  let result = structuredClone(run);
  const { spooledAt, exitEnd } = truth;
  if (spooledAt) {
    result = mapStage(result, 'persist', (stage) => ({
      ...stage,
      details: { ...stage.details, spooledAt, spool: truth.spool },
    }));
  }
  if (exitEnd) {
    result = mapStage(result, 'exit', (stage) => ({ ...stage, ...exitEnd }));
  }
  return result;
}

/**
 * A spooled run as it is written at replay: its persist stage says it was spooled at T1 and written at T2. A
 * persist stage still running (the process died right after spooling) ends when the run reached the spool.
 */
export function withReplay(entry: { run: DrainRun; spooledAt: string | null }, writtenAt: string): DrainRun {
  return mapStage(structuredClone(entry.run), 'persist', (stage) => {
    const spooledAt = (stage.details['spooledAt'] as string | undefined) ?? entry.spooledAt ?? writtenAt;
    const details = { ...stage.details, spooledAt, writtenAt };
    if (stage.outcome !== 'running') {
      return { ...stage, details };
    }
    const durationMs = Math.max(Date.parse(spooledAt) - Date.parse(stage.startedAt), 0);
    return { ...stage, outcome: 'ok', endedAt: spooledAt, durationMs, details };
  });
}
