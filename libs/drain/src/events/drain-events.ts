import { Subject } from 'rxjs';

import type { DrainEvent } from '@drainboard/contracts';

import type { DrainClock } from '../drain-options.js';

type WithoutAt<E> = E extends DrainEvent ? Omit<E, 'at'> : never;

/** The event stream of one DrainService; `observed` lets hot paths skip building events nobody reads. */
export class DrainEvents {
  readonly subject = new Subject<DrainEvent>();

  constructor(private readonly clock: DrainClock) {}

  get observed(): boolean {
    return this.subject.observed;
  }

  iso(ms: number = this.clock.now()): string {
    return new Date(ms).toISOString();
  }

  emit(event: WithoutAt<DrainEvent>): void {
    if (!this.subject.observed) {
      return;
    }
    this.subject.next({ ...event, at: this.iso() });
  }
}
