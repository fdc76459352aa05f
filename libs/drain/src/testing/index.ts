// Entry point `@drainboard/drain/testing`: helpers to unit-test shutdown logic without real waiting.
export { FakeClock } from './fake-clock.js';
export type { DrainClock, DrainTimer } from '../clock/drain-clock.js';
