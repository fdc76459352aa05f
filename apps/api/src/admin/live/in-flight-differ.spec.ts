import type { InFlightRequest } from '@drainboard/contracts';

import { InFlightDiffer } from './in-flight-differ.js';

const request = (id: string): InFlightRequest => ({
  id,
  method: 'GET',
  route: '/demo/slow',
  startedAt: '2026-01-01T00:00:00.000Z',
  bytesWritten: 0,
});

describe('InFlightDiffer', () => {
  it('reports requests that started and finished since the previous diff', () => {
    const differ = new InFlightDiffer();
    expect(differ.diff([request('a'), request('b')])).toEqual({
      added: [request('a'), request('b')],
      finished: [],
    });
    expect(differ.diff([request('b'), request('c')])).toEqual({ added: [request('c')], finished: ['a'] });
    expect(differ.listedRequests().map((r) => r.id)).toEqual(['b', 'c']);
  });

  it('never reports a request that started and finished between two diffs', () => {
    const differ = new InFlightDiffer();
    differ.diff([]);
    expect(differ.diff([])).toEqual({ added: [], finished: [] });
  });

  it('lists at most maxListed requests and fills freed places later', () => {
    const differ = new InFlightDiffer(2);
    expect(differ.diff([request('a'), request('b'), request('c')]).added.map((r) => r.id)).toEqual([
      'a',
      'b',
    ]);
    expect(differ.diff([request('b'), request('c')])).toEqual({ added: [request('c')], finished: ['a'] });
  });
});
