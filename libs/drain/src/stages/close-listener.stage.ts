import type { DrainStageStep } from '../run/drain-context.js';

/** Stops accepting connections on the traffic port: new connections get ECONNREFUSED. */
export const closeListenerStage: DrainStageStep = {
  name: 'close-listener',
  run: (ctx) => {
    if (!ctx.traffic.attached) {
      return Promise.resolve({ outcome: 'skipped' as const, details: { reason: 'no HTTP server' } });
    }
    const address = ctx.traffic.closeListener();
    return Promise.resolve({ details: { address, openConnections: ctx.traffic.connections.counts().total } });
  },
};
