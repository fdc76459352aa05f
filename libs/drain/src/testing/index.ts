// Entry point `@drainboard/drain/testing`: helpers to unit-test shutdown logic without real waiting.
export type { DrainClock, DrainTimer } from '../clock/drain-clock.js';
export { FakeClock } from './fake-clock.js';
