import type { DrainStageStep } from '../run/drain-context.js';

/**
 * Accepts what the kernel has already queued, then stops accepting connections on the traffic port:
 * new connections get ECONNREFUSED.
 */
export const closeListenerStage: DrainStageStep = {
  name: 'close-listener',
  run: async (ctx) => {
    if (!ctx.traffic.attached) {
      return { outcome: 'skipped', details: { reason: 'no HTTP server' } };
    }
    const closed = await ctx.traffic.closeListener();
    return {
      details: {
        address: closed?.address ?? null,
        acceptedFromBacklog: closed?.acceptedFromBacklog ?? 0,
        openConnections: ctx.traffic.connections.counts().total,
      },
    };
  },
};
