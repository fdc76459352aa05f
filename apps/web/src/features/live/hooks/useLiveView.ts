import { useEffect, useReducer, useRef } from 'react';

import { clearExit, loadExit, saveExit } from '../lib/exit-storage.js';
import { initialLiveView, liveReducer, type LiveView } from '../lib/live-view.js';
import type { LiveFeed } from './useLiveFeed.js';

/**
 * Folds the live feed's events into the view the live page draws; asks for a resync after a missed batch, and
 * marks the process gone when the connection drops. How the process ended is kept for this tab
 * (sessionStorage), so a reload while no process listens still shows it; the next process clears it.
 */
export function useLiveView(feed: LiveFeed): LiveView {
  const [view, dispatch] = useReducer(liveReducer, null, () => initialLiveView(loadExit(sessionStorage)));
  const { on, resync, connected, problem } = feed;
  const wasConnected = useRef(false);

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
    if (wasConnected.current && !connected) {
      dispatch({ type: 'disconnected', at: new Date().toISOString() });
    }
    wasConnected.current = connected;
  }, [connected]);

  useEffect(() => {
    if (!connected && problem !== null) {
      dispatch({ type: 'unreachable' });
    }
  }, [connected, problem]);

  useEffect(() => {
    if (view.phase === 'live') {
      clearExit(sessionStorage);
    } else if ((view.phase === 'exited' || view.phase === 'lost') && view.exit) {
      saveExit(sessionStorage, view.exit);
    }
  }, [view.phase, view.exit]);

  useEffect(() => {
    if (view.gap) {
      resync();
    }
  }, [view.gap, resync]);

  return view;
}
