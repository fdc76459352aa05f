import { useEffect, useReducer } from 'react';
import { EMPTY_LIVE_VIEW, liveReducer, type LiveView } from '../lib/live-view.js';
import type { LiveFeed } from './useLiveFeed.js';

/** Folds the live feed's events into the view the live page draws; asks for a resync after a missed batch. */
export function useLiveView(feed: LiveFeed): LiveView {
  const [view, dispatch] = useReducer(liveReducer, EMPTY_LIVE_VIEW);
  const { on, resync } = feed;

  useEffect(() => {
    const offs = [
      on('snapshot', (snapshot) => dispatch({ type: 'snapshot', snapshot })),
      on('batch', (batch) => dispatch({ type: 'batch', batch })),
      on('bye', (bye) => dispatch({ type: 'bye', bye })),
      on('state', dispatch),
      on('run-start', dispatch),
      on('stage-start', dispatch),
      on('stage-end', dispatch),
      on('run-end', dispatch),
    ];
    return () => offs.forEach((off) => off());
  }, [on]);

  useEffect(() => {
    if (view.gap) resync();
  }, [view.gap, resync]);

  return view;
}
