/** A pending timer of a `DrainClock`; `cancel()` is idempotent. */
export interface DrainTimer {
  cancel(): void;
}

/**
 * Time source of the library: every timestamp, deadline, budget, delay and last call goes through it, so a
 * `FakeClock` (from `@drainboard/drain/testing`) drives a whole drain without real waiting.
 */
export interface DrainClock {
  /** High-resolution epoch milliseconds. */
  now(): number;
  /** Calls `callback` once after `ms` (never keeps the process alive); cancel it with the returned timer. */
  setTimeout(callback: () => void, ms: number): DrainTimer;
  /** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** `sleep` written once on top of a clock's `setTimeout`. */
export function sleepOn(
  setTimer: (callback: () => void, ms: number) => DrainTimer,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) {
      return resolve();
    }
    const done = (): void => {
      timer.cancel();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimer(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Races `work` against `ms` on `clock`; resolves `'timeout'` when time runs out first. */
export async function within<T>(clock: DrainClock, work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: DrainTimer | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = clock.setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    timer?.cancel();
  }
}
