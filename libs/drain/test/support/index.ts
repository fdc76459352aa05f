export * from './http-clients.js';
export * from './poll.js';
export * from './results.js';
export * from './spawn-fixture.js';
export * from './scenarios.js';
