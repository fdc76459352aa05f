import { type ResponseRates, STATUS_CLASSES, type StatusClass } from '@drainboard/contracts';

import { ThroughputMeter } from './throughput-meter.js';

/** The status class of an HTTP status code; codes outside 100-599 count as `5xx` (a broken response). */
export function statusClassOf(statusCode: number): StatusClass {
  const hundreds = Math.floor(statusCode / 100);
  return hundreds >= 1 && hundreds <= 5 ? (`${hundreds}xx` as StatusClass) : '5xx';
}

/** Finished responses per second, one sliding window per status class. */
export class StatusClassMeter {
  private readonly meters = new Map<StatusClass, ThroughputMeter>(
    STATUS_CLASSES.map((name) => [name, new ThroughputMeter()]),
  );

  /** The meter of each hundreds digit 0-9 (what `statusClassOf` says), so `add` builds no string per response. */
  private readonly byHundreds = Array.from(
    { length: 10 },
    (_, hundreds) => this.meters.get(statusClassOf(hundreds * 100)) as ThroughputMeter,
  );

  /** Records one finished response. */
  add(statusCode: number): void {
    const hundreds = Math.floor(statusCode / 100);
    (hundreds >= 0 && hundreds <= 9 ? this.byHundreds[hundreds] : this.meters.get('5xx'))?.add();
  }

  /** Rates per class measured at `now` (ms), rounded to one decimal; call at a steady pace, like ThroughputMeter. */
  rates(now: number): ResponseRates {
    const rates = {} as ResponseRates;
    for (const [name, meter] of this.meters) {
      rates[name] = Math.round(meter.rate(now) * 10) / 10;
    }
    return rates;
  }
}
