import { run } from '@web/test-support/fixtures.js';
import { choices, filterRuns, NO_FILTERS } from './run-filters.js';

const runs = [
  run({ id: '1', kind: 'drain', outcome: 'clean', instanceId: 'a' }),
  run({ id: '2', kind: 'stop', outcome: 'aborted', instanceId: 'b' }),
  run({ id: '3', kind: 'stop', outcome: 'clean', instanceId: 'a' }),
];

describe('filterRuns', () => {
  it('keeps the runs matching every set filter', () => {
    expect(filterRuns(runs, NO_FILTERS).map((r) => r.id)).toEqual(['1', '2', '3']);
    expect(filterRuns(runs, { ...NO_FILTERS, kind: 'stop' }).map((r) => r.id)).toEqual(['2', '3']);
    expect(filterRuns(runs, { kind: 'stop', outcome: 'clean', instanceId: 'a' }).map((r) => r.id)).toEqual([
      '3',
    ]);
    expect(filterRuns(runs, { ...NO_FILTERS, instanceId: 'c' })).toEqual([]);
  });

  it('offers the distinct values present as choices', () => {
    expect(choices(runs, 'instanceId')).toEqual(['a', 'b']);
    expect(choices(runs, 'outcome')).toEqual(['aborted', 'clean']);
  });
});
