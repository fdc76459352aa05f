import type { Observable } from 'rxjs';

import type { DrainEvent } from '@drainboard/contracts';
import type { RunPersister } from '@drainboard/drain';

/** The part of the drain library's `DrainService` the run recorder uses. */
export interface DrainEventSource {
  readonly instanceId: string;
  /** The drain events without the per-request ones (the recorder needs none of those). */
  readonly runEvents$: Observable<DrainEvent>;
  registerPersister(name: string, persist: RunPersister): () => void;
}

/** Injection token of the `DrainEventSource` (the shared `DrainService` in the admin app). */
export const DRAIN_EVENT_SOURCE = Symbol.for('drainboard.drain-event-source');
