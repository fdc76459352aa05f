import type { DrainRun } from './drain-run.js';
import type { DrainStage } from './drain-stage.js';
import type { DrainStageRecord } from './drain-stage-record.js';
import type { AbortedRequest, InFlightRequest } from './in-flight-request.js';
import type { InstanceState } from './instance-state.js';

/** Everything the drain engine reports, in the order it happens. `at` is an ISO-8601 timestamp. */
export type DrainEvent =
  | { type: 'state'; from: InstanceState; to: InstanceState; at: string; runId: string | null }
  | { type: 'run-start'; run: DrainRun; at: string }
  | { type: 'stage-start'; runId: string; stage: DrainStage; at: string }
  | { type: 'stage-end'; runId: string; stage: DrainStageRecord; at: string }
  | { type: 'run-end'; run: DrainRun; at: string }
  | { type: 'request-start'; request: InFlightRequest; at: string }
  | {
      type: 'request-end';
      id: string;
      method: string;
      route: string;
      statusCode: number;
      durationMs: number;
      at: string;
    }
  | { type: 'request-aborted'; runId: string; request: AbortedRequest; at: string };

export type DrainEventType = DrainEvent['type'];
