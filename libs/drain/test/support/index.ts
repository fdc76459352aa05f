export * from './edge-scenarios.js';
export * from './http-clients.js';
export * from './raw-clients.js';
export * from './realtime-clients.js';
export * from './results.js';
export * from './scenarios.js';
export * from './spawn-fixture.js';
