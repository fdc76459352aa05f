/** Counts finished requests and reports them per second over a sliding window. */
export class ThroughputMeter {
  private total = 0;
  private readonly marks: { at: number; total: number }[] = [];

  /** @param windowMs length of the sliding window (@default 1000) */
  constructor(private readonly windowMs = 1000) {}

  /** Records finished requests. */
  add(count = 1): void {
    this.total += count;
  }

  /**
   * Requests per second over (about) the last `windowMs`, measured at `now` (ms). Each call also leaves a mark
   * the later calls measure from, so call it at a steady pace (every tick).
   */
  rate(now: number): number {
    while (this.marks.length > 1 && now - (this.marks[1]?.at ?? now) >= this.windowMs) {
      this.marks.shift();
    }
    const base = this.marks[0];
    this.marks.push({ at: now, total: this.total });
    if (!base || now <= base.at) {
      return 0;
    }
    return ((this.total - base.total) * 1000) / (now - base.at);
  }
}
