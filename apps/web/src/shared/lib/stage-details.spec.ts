import { describeDetails } from './stage-details.js';

describe('describeDetails', () => {
  it('labels the trigger for people: who, from where, with what in flight', () => {
    const lines = describeDetails({
      source: 'admin',
      userAgent: 'curl/8',
      ip: '127.0.0.1',
      inFlight: 3,
      connections: { total: 3, idle: 1, busy: 2, realtime: 0 },
      deadlineMs: 30_000,
    });
    expect(lines).toEqual([
      { label: 'Triggered by', value: 'admin' },
      { label: 'User agent', value: 'curl/8' },
      { label: 'From address', value: '127.0.0.1' },
      { label: 'Requests in flight', value: '3' },
      { label: 'Connections', value: '3 total, 1 idle, 2 busy, 0 realtime' },
      { label: 'Deadline', value: '30.0 s' },
    ]);
  });

  it('lists hooks with their outcome and duration, and empty lists as none', () => {
    const lines = describeDetails({
      hooks: [
        { hook: 'DemoService.onApplicationShutdown', outcome: 'ok', durationMs: 12 },
        { hook: 'Cache.beforeApplicationShutdown', outcome: 'timeout', durationMs: 5000 },
      ],
      jobsStillRunning: [],
      closeTimedOut: true,
    });
    expect(lines).toEqual([
      {
        label: 'Shutdown hooks',
        value:
          'DemoService.onApplicationShutdown: ok, 12 ms; Cache.beforeApplicationShutdown: timeout, 5.0 s',
      },
      { label: 'Jobs still running', value: 'none' },
      { label: 'Closing timed out', value: 'yes' },
    ]);
  });

  it('names keys it does not know from their spelling', () => {
    expect(describeDetails({ someNewFact: 2 })).toEqual([{ label: 'Some new fact', value: '2' }]);
  });
});
