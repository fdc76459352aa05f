import type { DrainStageStep } from '../run/drain-context.js';

/** Records who or what started the run and how much was in flight at that moment. */
export const triggerStage: DrainStageStep = {
  name: 'trigger',
  run: (ctx) => {
    const { trigger } = ctx.run;
    return Promise.resolve({
      details: {
        source: trigger.source,
        ...(trigger.signal ? { signal: trigger.signal } : {}),
        ...(trigger.reason ? { reason: trigger.reason } : {}),
        ...(trigger.userAgent ? { userAgent: trigger.userAgent } : {}),
        ...(trigger.ip ? { ip: trigger.ip } : {}),
        inFlight: ctx.run.inFlightAtStart,
        jobsRunning: ctx.jobs.running.size,
        connections: ctx.traffic.connections.counts(),
        sockets: ctx.traffic.socketReading(),
        deadlineMs: ctx.run.deadlineMs,
      },
    });
  },
};
