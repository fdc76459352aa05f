import { useEffect, useState } from 'react';
import { WRONG_TOKEN_MESSAGE } from './api/api-error.js';
import type { ApiClient } from './api/client.js';
import { HistoryPage } from './features/history/components/HistoryPage.js';
import { LivePage } from './features/live/components/LivePage.js';
import { useLiveFeed } from './features/live/hooks/useLiveFeed.js';
import { useLiveView } from './features/live/hooks/useLiveView.js';
import { TokenForm } from './features/session/components/TokenForm.js';
import { useSession } from './features/session/hooks/useSession.js';

type Tab = 'live' | 'history';

interface ConsoleProps {
  client: ApiClient;
  token: string;
  signOut(message?: string): void;
}

function Console({ client, token, signOut }: ConsoleProps) {
  const [tab, setTab] = useState<Tab>('live');
  const feed = useLiveFeed(token);
  const view = useLiveView(feed);
  useEffect(() => {
    if (feed.tokenRefused) signOut(WRONG_TOKEN_MESSAGE);
  }, [feed.tokenRefused, signOut]);
  return (
    <>
      <header className="top">
        <strong>Drainboard</strong>
        <nav>
          {(['live', 'history'] as const).map((name) => (
            <button key={name} type="button" aria-pressed={tab === name} onClick={() => setTab(name)}>
              {name === 'live' ? 'Live' : 'History'}
            </button>
          ))}
        </nav>
        <button type="button" className="link" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <main>
        {tab === 'live' ? (
          <LivePage client={client} feed={feed} view={view} onUnauthorized={signOut} />
        ) : (
          <HistoryPage client={client} onUnauthorized={signOut} />
        )}
      </main>
    </>
  );
}

/** The console: token entry, then the live view and the run history. */
export function App() {
  const session = useSession();
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
