import { INSTANCE_STATE_VALUE, INSTANCE_STATES } from './index.js';

// The stage order is not restated here: it is checked where it matters, against the stages a real run records
// (libs/drain e2e and the API's run-record e2e).
describe('contracts', () => {
  it('gives every state a distinct gauge value', () => {
    const values = INSTANCE_STATES.map((s) => INSTANCE_STATE_VALUE[s]);
    expect(new Set(values).size).toBe(INSTANCE_STATES.length);
  });
});
