import type { ApiClient } from '@web/api/client.js';
import { DrainControls } from '@web/features/controls/components/DrainControls.js';

import type { LiveFeed } from '../hooks/useLiveFeed.js';
import { usePreview } from '../hooks/usePreview.js';
import { useReadiness } from '../hooks/useReadiness.js';
import type { LiveView } from '../lib/live-view.js';
import { DrainProgress } from './DrainProgress.js';
import { HealthCard } from './HealthCard.js';
import { InFlightGroups } from './InFlightGroups.js';
import { LiveCharts } from './LiveCharts.js';
import { StateBanner } from './StateBanner.js';

interface LivePageProps {
  client: ApiClient;
  feed: LiveFeed;
  view: LiveView;
  onUnauthorized(message: string): void;
}

/** The live view: state, controls, drain progress and prediction, health, in-flight groups and charts. */
export function LivePage({ client, feed, view, onUnauthorized }: LivePageProps) {
  const live = view.phase === 'live';
  const running = view.currentRun !== null && view.currentRun.finishedAt === null;
  const preview = usePreview(client, live, running || view.inFlightCount > 0, view.currentRun?.id ?? null);
  const readiness = useReadiness(client, live);
  return (
    <div className="live">
      <StateBanner view={view} connected={feed.connected} problem={feed.problem} />
      <div className="grid">
        <DrainControls
          client={client}
          state={live ? view.state : null}
          instanceId={view.instanceId}
          onUnauthorized={onUnauthorized}
        />
        <DrainProgress
          run={view.currentRun}
          preview={preview}
          inFlightIds={new Set(view.inFlight.map((request) => request.id))}
        />
      </div>
      <InFlightGroups requests={view.inFlight} total={view.inFlightCount} preview={preview} />
      <LiveCharts samples={view.samples} run={view.currentRun ?? view.lastRun} />
      <HealthCard
        readiness={live ? readiness : null}
        connected={feed.connected}
        counters={view.counters}
        grace={preview?.grace ?? null}
      />
    </div>
  );
}
