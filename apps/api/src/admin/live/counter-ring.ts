import { type CounterSample, LIVE_SAMPLE_CAPACITY } from '@drainboard/contracts';

/** Fixed-size ring of counter samples, oldest first; the oldest sample is dropped once full. */
export class CounterRing {
  private readonly samples: CounterSample[] = [];

  /** @param capacity most samples kept (@default LIVE_SAMPLE_CAPACITY) */
  constructor(private readonly capacity: number = LIVE_SAMPLE_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer`);
    }
  }

  push(sample: CounterSample): void {
    this.samples.push(sample);
    if (this.samples.length > this.capacity) {
      this.samples.shift();
    }
  }

  /** A copy of the samples, oldest first. */
  toArray(): CounterSample[] {
    return [...this.samples];
  }
}
