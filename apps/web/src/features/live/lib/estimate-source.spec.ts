import type { DrainPreview, RouteEstimate } from '@drainboard/contracts';

import { estimatesNote } from './estimate-source.js';

const route = (name: string, source: RouteEstimate['source']): RouteEstimate => ({
  route: name,
  samples: 3,
  liveSamples: source === 'history' ? 0 : 3,
  historySamples: source === 'live' ? 0 : 3,
  source,
  historyUpdatedAt: source === 'live' ? null : '2026-11-27T10:00:00.000Z',
  medianMs: 10,
  p90Ms: 20,
  maxMs: 30,
});
const loaded: DrainPreview['history'] = { status: 'loaded', routes: 2, skipped: 0, loadedAt: null };

describe('estimatesNote', () => {
  it('counts the routes estimated from each source', () => {
    const routes = [route('/a', 'history'), route('/b', 'history'), route('/c', 'live'), route('/d', 'blended')];
    expect(estimatesNote({ routes, history: loaded })).toBe(
      'Estimates for 4 routes: 1 from this process, 2 from stored history, 1 from both.',
    );
    expect(estimatesNote({ routes: [route('/a', 'history')], history: loaded })).toBe(
      'Estimates for 1 route: 1 from stored history.',
    );
  });

  it('says when nothing is known, and when the history could not be loaded', () => {
    expect(estimatesNote({ routes: [], history: loaded })).toMatch(/^No route duration known yet/);
    expect(estimatesNote({ routes: [], history: { ...loaded, status: 'loading' } })).toBeNull();
    expect(
      estimatesNote({ routes: [route('/a', 'live')], history: { ...loaded, status: 'unavailable' } }),
    ).toMatch(/could not be loaded at boot: estimates come from this process only/);
  });
});
