import { useEffect } from 'react';

import { WRONG_TOKEN_MESSAGE } from './api/api-error.js';
import type { ApiClient } from './api/client.js';
import { FleetPage } from './features/fleet/components/FleetPage.js';
import { HistoryPage } from './features/history/components/HistoryPage.js';
import { LivePage } from './features/live/components/LivePage.js';
import { bannerLabel } from './features/live/components/StateBanner.js';
import { useLiveFeed } from './features/live/hooks/useLiveFeed.js';
import { useLiveView } from './features/live/hooks/useLiveView.js';
import { TokenForm } from './features/session/components/TokenForm.js';
import { useSession } from './features/session/hooks/useSession.js';
import { useHashRoute } from './shared/hooks/useHashRoute.js';
import { routeHash } from './shared/lib/route.js';

interface ConsoleProps {
  client: ApiClient;
  token: string;
  signOut(message?: string): void;
}

function Console({ client, token, signOut }: ConsoleProps) {
  const [route] = useHashRoute();
  const feed = useLiveFeed(token);
  const view = useLiveView(feed);
  useEffect(() => {
    if (feed.tokenRefused) {
      signOut(WRONG_TOKEN_MESSAGE);
    }
  }, [feed.tokenRefused, signOut]);
  const label = bannerLabel(view);
  useEffect(() => {
    const page = route.page === 'live' ? 'Live' : route.page === 'fleet' ? 'Fleet' : 'History';
    document.title = `${label.toUpperCase()} · ${view.instanceId ?? '…'} · ${page} · Drainboard`;
  }, [label, view.instanceId, route.page]);
  return (
    <>
      <header className="top">
        <span className="brand">Drainboard</span>
        <nav aria-label="Pages">
          <a href={routeHash({ page: 'live' })} aria-current={route.page === 'live' ? 'page' : undefined}>
            Live
          </a>
          <a
            href={routeHash({ page: 'history', runId: null })}
            aria-current={route.page === 'history' ? 'page' : undefined}
          >
            History
          </a>
          <a href={routeHash({ page: 'fleet' })} aria-current={route.page === 'fleet' ? 'page' : undefined}>
            Fleet
          </a>
        </nav>
        <span className={`top-state state-${label}`}>{label}</span>
        <button type="button" className="link" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <main>
        <h1 className="visually-hidden">
          {route.page === 'live' ? 'Live view' : route.page === 'fleet' ? 'Fleet' : 'Drain run history'}
        </h1>
        {route.page === 'fleet' ? (
          <FleetPage client={client} feed={feed} onUnauthorized={signOut} />
        ) : route.page === 'live' ? (
          <LivePage client={client} feed={feed} view={view} onUnauthorized={signOut} />
        ) : (
          <HistoryPage
            client={client}
            runId={route.runId}
            liveRun={view.currentRun ?? view.lastRun}
            liveInstanceId={view.phase === 'live' ? view.instanceId : null}
            onUnauthorized={signOut}
          />
        )}
      </main>
    </>
  );
}

/** The console: token entry, then the live view and the run history. */
export function App() {
  const session = useSession();
  useEffect(() => {
    if (!session.token) {
      document.title = 'Sign in · Drainboard';
    }
  }, [session.token]);
  if (!session.client || !session.token) {
    return (
      <main className="center">
        <TokenForm
          message={session.message}
          checking={session.checking}
          onSubmit={(token) => void session.signIn(token)}
        />
      </main>
    );
  }
  return <Console client={session.client} token={session.token} signOut={session.signOut} />;
}
