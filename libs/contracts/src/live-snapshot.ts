import type { CounterSample } from './counter-sample.js';
import type { DrainRun } from './drain-run.js';
import type { InFlightRequest } from './in-flight-request.js';
import type { InstanceState } from './instance-state.js';

/** Full picture sent on connect and after a resync. */
export interface LiveSnapshot {
  protocolVersion: number;
  instanceId: string;
  state: InstanceState;
  /** Up to `LIVE_MAX_LISTED_REQUESTS` requests in flight, oldest first. */
  inFlight: InFlightRequest[];
  /** True count of requests in flight (may exceed `inFlight.length`). */
  inFlightCount: number;
  openConnections: number;
  /** The run in progress (with its stages so far), or the drained run while `drained`. */
  currentRun: DrainRun | null;
  /** Ring buffer of counter samples, oldest first, at most `LIVE_SAMPLE_CAPACITY`. */
  samples: CounterSample[];
  /** ISO-8601 time the snapshot was taken. */
  at: string;
}
