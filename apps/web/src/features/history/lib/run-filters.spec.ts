import { hasFilters, isInstanceId, NO_FILTERS, runsQuery, withInstances } from './run-filters.js';

describe('runsQuery', () => {
  it('sends only the set filters, the instance as instance=', () => {
    expect(runsQuery(NO_FILTERS)).toEqual({});
    expect(runsQuery({ ...NO_FILTERS, kind: 'stop' })).toEqual({ kind: 'stop' });
    expect(runsQuery({ kind: 'drain', outcome: 'aborted', instanceId: 'api-1' })).toEqual({
      kind: 'drain',
      outcome: 'aborted',
      instance: 'api-1',
    });
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, outcome: 'clean' })).toBe(true);
  });
});

describe('isInstanceId', () => {
  it('accepts what the API accepts as an instance id', () => {
    expect(isInstanceId('api-7f9c:1')).toBe(true);
    expect(isInstanceId('host.example_2')).toBe(true);
    expect(isInstanceId('')).toBe(false);
    expect(isInstanceId('has space')).toBe(false);
    expect(isInstanceId('x'.repeat(129))).toBe(false);
  });
});

describe('withInstances', () => {
  it('adds the new instance ids, sorted, once each, and keeps the same list when none is new', () => {
    expect(withInstances([], ['b', 'a', 'b'])).toEqual(['a', 'b']);
    expect(withInstances(['c'], ['b', 'a'])).toEqual(['a', 'b', 'c']);
    const known = ['a', 'b'];
    expect(withInstances(known, ['b', 'a'])).toBe(known);
  });
});
