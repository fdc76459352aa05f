import { type DrainClock, type DrainTimer, sleepOn } from '../clock/drain-clock.js';

interface Pending {
  at: number;
  seq: number;
  callback: () => void;
}

/** Event-loop turns without progress after which `runUntilSettled` moves time to the next timer. */
const IDLE_TURNS = 20;

/** Lets promise callbacks and I/O callbacks already queued run (one macrotask turn, no time passes). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A `DrainClock` whose time moves only when told to. Pass it as the `clock` option, then `advance()` time:
 * every timer due on the way fires in order, and the promise work it starts settles before the next one.
 *
 * @example
 * const clock = new FakeClock();
 * DrainModule.forRoot({ clock, deadlineMs: 30_000, exit: (code) => void codes.push(code) });
 * const { done } = drain.stop({ trigger: { source: 'api' } });
 * await clock.advance(30_000); // the deadline passes at once
 */
export class FakeClock implements DrainClock {
  private current: number;
  private seq = 0;
  private readonly timers = new Set<Pending>();

  /** @param start epoch milliseconds the clock starts at. @default Date.UTC(2026, 0, 1) */
  constructor(start: number = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): DrainTimer {
    const pending: Pending = { at: this.current + Math.max(0, ms), seq: ++this.seq, callback };
    this.timers.add(pending);
    return { cancel: () => void this.timers.delete(pending) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn((callback, delay) => this.setTimeout(callback, delay), ms, signal);
  }

  /** Timers waiting to fire. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Epoch milliseconds of the next timer, or null when none is pending. */
  nextTimerAt(): number | null {
    return this.next()?.at ?? null;
  }

  /**
   * Moves time forward by `ms`, firing every timer due on the way in order (timers set by those callbacks
   * too, when due). Queued promise work settles before each timer and before it resolves.
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`advance() needs a non-negative duration, got ${ms}`);
    }
    const target = this.current + ms;
    await settle();
    for (let due = this.next(); due && due.at <= target; due = this.next()) {
      this.timers.delete(due);
      this.current = Math.max(this.current, due.at);
      due.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Advances to the next pending timer and fires it (with any due at the same time); false if none. */
  async tick(): Promise<boolean> {
    await settle();
    const due = this.next();
    if (!due) {
      return false;
    }
    await this.advance(due.at - this.current);
    return true;
  }

  /**
   * Lets `work` run to the end: every few event-loop turns (time for promise and I/O callbacks to run) time
   * jumps to the next timer. Real I/O (sockets) still takes its real, short time; no timer ever makes the
   * test wait. Rejects if time would pass `limitMs` first.
   */
  async runUntilSettled<T>(work: Promise<T>, limitMs = 3_600_000): Promise<T> {
    let settled = false;
    const watched = work.finally(() => {
      settled = true;
    });
    watched.catch(() => undefined);
    const limit = this.current + limitMs;
    let quiet = 0;
    while (!settled) {
      await settle();
      if (settled || ++quiet < IDLE_TURNS) {
        continue;
      }
      quiet = 0;
      const due = this.next();
      if (!due) {
        continue;
      }
      if (due.at > limit) {
        throw new Error(`work did not settle within ${limitMs} ms of fake time`);
      }
      await this.advance(due.at - this.current);
    }
    return watched;
  }

  private next(): Pending | undefined {
    let best: Pending | undefined;
    for (const t of this.timers) {
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) {
        best = t;
      }
    }
    return best;
  }
}
