import { performance } from 'node:perf_hooks';

import { type DrainClock, type DrainTimer, sleepOn } from './drain-clock.js';

function setRealTimeout(callback: () => void, ms: number): DrainTimer {
  const timer = setTimeout(callback, Math.max(0, ms));
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
}

/** Read once: `performance.timeOrigin` is a getter, and `now()` runs twice per request. */
const ORIGIN = performance.timeOrigin;

/** The default clock: high-resolution epoch time and unref'ed timers that never keep the process alive. */
export const realClock: DrainClock = {
  now: () => ORIGIN + performance.now(),
  setTimeout: setRealTimeout,
  sleep: (ms, signal) => sleepOn(setRealTimeout, ms, signal),
};
