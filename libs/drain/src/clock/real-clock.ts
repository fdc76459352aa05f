import { performance } from 'node:perf_hooks';

import type { DrainClock } from '../drain-options.js';

/** The default clock: high-resolution epoch time and unref'ed timers that never keep the process alive. */
export const realClock: DrainClock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      timer.unref();
      signal?.addEventListener('abort', done, { once: true });
    }),
};
