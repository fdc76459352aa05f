import { DRAIN_STAGES, INSTANCE_STATE_VALUE, INSTANCE_STATES } from './index.js';

describe('contracts', () => {
  it('orders the stages as the drain runs them', () => {
    expect(DRAIN_STAGES.indexOf('unready')).toBeLessThan(DRAIN_STAGES.indexOf('close-listener'));
    expect(DRAIN_STAGES.indexOf('drain-requests')).toBeLessThan(DRAIN_STAGES.indexOf('app-hooks'));
    expect(DRAIN_STAGES.at(-1)).toBe('exit');
  });

  it('gives every state a distinct gauge value', () => {
    const values = INSTANCE_STATES.map((s) => INSTANCE_STATE_VALUE[s]);
    expect(new Set(values).size).toBe(INSTANCE_STATES.length);
  });
});
