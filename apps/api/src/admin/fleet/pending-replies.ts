/** Raised when a request's answer did not come in time. */
export class ReplyTimeout extends Error {}

/**
 * Requests waiting for their answer, by id: `wait` resolves with the answer given to `settle` or rejects with
 * `ReplyTimeout` after `timeoutMs`. Late or unknown answers are dropped. Timers are unref'ed.
 */
export class PendingReplies<T> {
  private readonly pending = new Map<string, { resolve: (value: T) => void; timer: NodeJS.Timeout }>();

  /** Number of requests still waiting. */
  get size(): number {
    return this.pending.size;
  }

  wait(id: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ReplyTimeout(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve, timer });
    });
  }

  /** Delivers the answer of `id`; false when nobody waits for it (any more). */
  settle(id: string, value: T): boolean {
    const entry = this.pending.get(id);
    if (!entry) {
      return false;
    }
    clearTimeout(entry.timer);
    this.pending.delete(id);
    entry.resolve(value);
    return true;
  }
}
