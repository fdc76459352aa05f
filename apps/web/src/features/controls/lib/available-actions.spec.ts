import { availableActions } from './available-actions.js';

describe('availableActions', () => {
  it.each([
    ['serving', ['drain', 'stop']],
    ['draining', ['resume', 'stop']],
    ['drained', ['resume', 'stop']],
    ['stopping', []],
    [null, []],
  ] as const)('in %p allows %p', (state, actions) => {
    expect([...availableActions(state)].sort()).toEqual([...actions].sort());
  });
});
