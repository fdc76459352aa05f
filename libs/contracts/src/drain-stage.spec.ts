import { plannedStages, stageOrder } from './drain-stage.js';

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

  it('numbers stages by their place in a stop, which a drain keeps', () => {
    expect(plannedStages('stop').map(stageOrder)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(plannedStages('drain').map(stageOrder)).toEqual([0, 1, 2, 3, 4, 6]);
  });
});
