import type { CounterSample, GraceCheck } from '@drainboard/contracts';
import type { Readiness } from '@web/api/client.js';
import { formatDuration } from '@web/shared/lib/format.js';

interface HealthCardProps {
  readiness: Readiness | null;
  connected: boolean;
  counters: CounterSample | null;
  grace: GraceCheck | null;
}

function upDown(value: boolean | undefined, up: string, down: string): string {
  return value === undefined ? 'unknown' : value ? up : down;
}

/** Readiness, database, live feed, connections by state and the grace check. */
export function HealthCard({ readiness, connected, counters, grace }: HealthCardProps) {
  const connections = counters?.connections;
  return (
    <section className="card health" aria-labelledby="health-title">
      <h2 id="health-title">Health</h2>
      <dl className="details">
        <div>
          <dt>Readiness</dt>
          <dd data-testid="readiness">
            {readiness ? (readiness.ready ? 'ready (200)' : 'not ready (503)') : 'unknown'}
          </dd>
        </div>
        <div>
          <dt>Database</dt>
          <dd>
            {readiness && 'database' in readiness.checks
              ? upDown(readiness.checks.database, 'up', 'down')
              : 'not checked'}
          </dd>
        </div>
        <div>
          <dt>Live feed</dt>
          <dd>{connected ? 'connected' : 'disconnected'}</dd>
        </div>
        <div>
          <dt>Connections</dt>
          <dd data-testid="connections">
            {connections
              ? `${connections.busy} busy, ${connections.idle} idle, ${connections.realtime} realtime`
              : '–'}
          </dd>
        </div>
        {grace && (
          <div>
            <dt>Grace check</dt>
            <dd data-testid="grace-check">
              LB delay {formatDuration(grace.lbDelayMs)} + longest expected request{' '}
              {formatDuration(grace.longestExpectedMs)}
              {grace.longestExpectedRoute ? ` (${grace.longestExpectedRoute})` : ''} + hooks{' '}
              {formatDuration(grace.hooksBudgetMs)} = {formatDuration(grace.requiredMs)}:{' '}
              {grace.fitsDeadline ? 'fits' : 'does not fit'} the deadline of{' '}
              {formatDuration(grace.deadlineMs)}
              {grace.gracePeriodMs === null
                ? '; no grace period configured.'
                : `; ${grace.fitsGracePeriod ? 'fits' : 'does not fit'} the grace period of ${formatDuration(grace.gracePeriodMs)}.`}
            </dd>
          </div>
        )}
      </dl>
      {grace?.warnings.map((warning) => (
        <p key={warning} className="warning">
          {warning}
        </p>
      ))}
    </section>
  );
}
