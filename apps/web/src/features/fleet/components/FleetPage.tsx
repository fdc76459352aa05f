import { useState } from 'react';

import type { FleetCommand, RollingDrainBody } from '@drainboard/contracts';
import { reportFailure } from '@web/api/api-error.js';
import type { ApiClient } from '@web/api/client.js';
import type { LiveFeed } from '@web/features/live/hooks/useLiveFeed.js';
import { routeHash } from '@web/shared/lib/route.js';

import { useFleet } from '../hooks/useFleet.js';
import { InstancesTable } from './InstancesTable.js';
import { RollingDrainPanel } from './RollingDrainPanel.js';

interface FleetPageProps {
  client: ApiClient;
  feed: LiveFeed;
  onUnauthorized(message: string): void;
}

/** Every instance of the fleet on one page, with per-instance controls and the rolling drain. */
export function FleetPage({ client, feed, onUnauthorized }: FleetPageProps) {
  const fleet = useFleet(client, feed);
  const [busy, setBusy] = useState(false);
  const [force, setForce] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const act = async (what: string, call: () => Promise<unknown>) => {
    setBusy(true);
    setMessage(null);
    try {
      await call();
      setMessage(`${what}: done`);
    } catch (failure) {
      reportFailure(failure, onUnauthorized, (text) => setMessage(`${what}: ${text}`));
    } finally {
      setBusy(false);
      fleet.refresh();
    }
  };
  const command = (id: string, name: FleetCommand) => {
    if (name !== 'resume' && !window.confirm(`${name} ${id}?`)) {
      return;
    }
    void act(`${name} ${id}`, () => client.sendFleetCommand(id, name, name === 'resume' ? {} : { force }));
  };
  const startRolling = (body: RollingDrainBody) =>
    void act('rolling drain', () => client.startRollingDrain(body));

  return (
    <div className="fleet-page">
      <section className="card" aria-labelledby="fleet-title">
        <div className="card-head">
          <h2 id="fleet-title">Instances</h2>
          <span>
            {fleet.ready ?? '…'} ready, FLEET_MIN_READY {fleet.minReady ?? '…'}
            {fleet.heartbeatTimeoutMs
              ? `, lost after ${fleet.heartbeatTimeoutMs / 1000} s without heartbeat`
              : ''}
          </span>
        </div>
        <label className="fleet-force">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> force
          (override the min-ready guard)
        </label>
        {message ? <p role="status">{message}</p> : null}
        {fleet.error && !fleet.rows.length ? (
          <p role="alert">{String((fleet.error as Error).message)}</p>
        ) : null}
        <InstancesTable rows={fleet.rows} receivedBy={fleet.receivedBy} busy={busy} onCommand={command} />
        <p>
          Runs of every instance are in the <a href={routeHash({ page: 'history', runId: null })}>history</a>{' '}
          (filter by instance there).
        </p>
      </section>
      <RollingDrainPanel
        rolling={fleet.rolling}
        busy={busy}
        onStart={startRolling}
        onCancel={() => void act('cancel rolling drain', () => client.cancelRollingDrain())}
      />
    </div>
  );
}
