import { plannedStages } from './planned-stages.js';

describe('plannedStages', () => {
  it('lists app-hooks and exit for a stop only', () => {
    expect(plannedStages('drain')).toEqual([
      'trigger',
      'unready',
      'close-listener',
      'drain-requests',
      'close-realtime',
      'persist',
    ]);
    expect(plannedStages('stop')).toContain('exit');
    expect(plannedStages('stop')).toHaveLength(8);
  });
});
