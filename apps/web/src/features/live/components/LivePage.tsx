import type { ApiClient } from '@web/api/client.js';
import { formatRate } from '@web/shared/lib/format.js';
import { DrainControls } from '@web/features/controls/components/DrainControls.js';
import type { LiveFeed } from '../hooks/useLiveFeed.js';
import type { LiveView } from '../lib/live-view.js';
import { CounterChart } from './CounterChart.js';
import { DrainProgress } from './DrainProgress.js';
import { InFlightTable } from './InFlightTable.js';
import { StateBanner } from './StateBanner.js';

interface LivePageProps {
  client: ApiClient;
  feed: LiveFeed;
  view: LiveView;
  onUnauthorized(message: string): void;
}

/** The live view: state, controls, drain progress, in-flight requests and counters. */
export function LivePage({ client, feed, view, onUnauthorized }: LivePageProps) {
  return (
    <div className="live">
      <StateBanner
        state={view.state}
        instanceId={view.instanceId}
        connected={feed.connected}
        problem={feed.problem}
        bye={view.bye !== null}
      />
      <div className="grid">
        <DrainControls client={client} state={view.state} onUnauthorized={onUnauthorized} />
        <DrainProgress run={view.currentRun} />
      </div>
      <div className="grid">
        <CounterChart
          title="In flight"
          values={view.samples.map((s) => s.inFlight)}
          current={String(view.inFlightCount)}
        />
        <CounterChart
          title="Throughput"
          values={view.samples.map((s) => s.throughput)}
          current={formatRate(view.counters?.throughput ?? 0)}
        />
      </div>
      <InFlightTable requests={view.inFlight} total={view.inFlightCount} />
    </div>
  );
}
