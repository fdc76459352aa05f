import type { CounterSample } from './counter-sample.js';
import type { InFlightRequest } from './in-flight-request.js';

/** Coalesced changes since the previous batch. A request that started and finished within one tick is absent. */
export interface LiveBatch {
  /** The instance whose requests and counters these are (the one the client is connected to). */
  instanceId: string;
  /** Increases by one per tick; a client that sees a gap missed batches and should ask for a `resync`. */
  seq: number;
  added: InFlightRequest[];
  /** Ids of listed requests that finished (or were aborted) since the previous batch. */
  finished: string[];
  /** Current counters. */
  counters: CounterSample;
  /** The ring-buffer sample taken during this tick, if one was (append it to charts). */
  sample: CounterSample | null;
}
