import { Subject } from 'rxjs';

import type { DrainEvent } from '@drainboard/contracts';

import type { DrainClock } from '../drain-options.js';

type WithoutAt<E> = E extends DrainEvent ? Omit<E, 'at'> : never;

/** A request that ended on the traffic port, as handed to `DrainService.onRequestEnd` listeners (one object, shared). */
export interface RequestEnd {
  /** The request's method (`GET` when Node reported none). */
  readonly method: string;
  /** The matched route template (`/users/:id`) when the framework set one, else the path without its query. */
  readonly route: string;
  /** The response's status code. */
  readonly statusCode: number;
  /** From the request's start to its end (response finished and body read, or socket closed), in ms. */
  readonly durationMs: number;
}

/** A function called with every request that ends on the traffic port (`DrainService.onRequestEnd`). */
export type RequestEndListener = (ended: RequestEnd) => void;

/**
 * The event streams of one DrainService. `subject` carries every event; `runSubject` every event except the
 * per-request ones; `requestEnd` listeners get each ended request as plain values. `observed` lets hot paths skip
 * building request events nobody reads.
 */
export class DrainEvents {
  readonly subject = new Subject<DrainEvent>();
  readonly runSubject = new Subject<DrainEvent>();
  readonly requestEnd: RequestEndListener[] = [];

  constructor(private readonly clock: DrainClock) {}

  /** Someone reads the full stream (with `request-start` and `request-end`). */
  get observed(): boolean {
    return this.subject.observed;
  }

  iso(ms: number = this.clock.now()): string {
    return new Date(ms).toISOString();
  }

  emit(event: WithoutAt<DrainEvent>): void {
    const perRequest = event.type === 'request-start' || event.type === 'request-end';
    const toRuns = !perRequest && this.runSubject.observed;
    if (!this.subject.observed && !toRuns) {
      return;
    }
    const stamped = { ...event, at: this.iso() };
    if (this.subject.observed) {
      this.subject.next(stamped);
    }
    if (toRuns) {
      this.runSubject.next(stamped);
    }
  }

  /** Hands `ended` to every request-end listener; one that throws is reported like an rxjs subscriber error. */
  requestEnded(ended: RequestEnd): void {
    for (const listener of this.requestEnd) {
      try {
        listener(ended);
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  /** Adds a request-end listener; returns the function that removes it. */
  onRequestEnd(listener: RequestEndListener): () => void {
    this.requestEnd.push(listener);
    return () => {
      const at = this.requestEnd.indexOf(listener);
      if (at !== -1) {
        this.requestEnd.splice(at, 1);
      }
    };
  }
}
