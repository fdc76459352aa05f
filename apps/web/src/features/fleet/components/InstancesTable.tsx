import type { FleetCommand } from '@drainboard/contracts';
import { formatDuration, formatTimestamp } from '@web/shared/lib/format.js';

import { commandsFor, type FleetRow } from '../lib/fleet-view.js';

interface InstancesTableProps {
  rows: FleetRow[];
  receivedBy: string | null;
  busy: boolean;
  onCommand(id: string, command: FleetCommand): void;
}

/** Every instance of the fleet: state (lost ones marked), load, version, last heartbeat, and its controls. */
export function InstancesTable({ rows, receivedBy, busy, onCommand }: InstancesTableProps) {
  if (rows.length === 0) {
    return <p className="muted">No instance has registered yet.</p>;
  }
  return (
    <table className="fleet-table">
      <thead>
        <tr>
          <th scope="col">Instance</th>
          <th scope="col">State</th>
          <th scope="col">In flight</th>
          <th scope="col">Connections</th>
          <th scope="col">Version</th>
          <th scope="col">Last heartbeat</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const allowed = commandsFor(row.state);
          return (
            <tr
              key={row.id}
              data-instance={row.id}
              className={row.state === 'lost' ? 'fleet-lost' : undefined}
            >
              <td className="mono">
                {row.id}
                {row.id === receivedBy ? <span className="muted"> (this console)</span> : null}
                <div className="muted">{row.adminUrl ?? row.host}</div>
              </td>
              <td>
                <span className={`state-pill state-${row.state}`}>
                  {row.state === 'lost' ? 'LOST' : row.state}
                </span>
                {row.lostAt ? <div className="muted">since {formatTimestamp(row.lostAt)}</div> : null}
              </td>
              <td>{row.inFlight}</td>
              <td>{row.openConnections}</td>
              <td className="mono">{row.version}</td>
              <td title={row.lastHeartbeatAt}>{formatDuration(row.heartbeatAgeMs)} ago</td>
              <td className="fleet-actions">
                {(['drain', 'resume', 'stop'] as const).map((command) => (
                  <button
                    key={command}
                    type="button"
                    className={command === 'stop' ? 'danger' : undefined}
                    disabled={busy || !allowed[command]}
                    onClick={() => onCommand(row.id, command)}
                  >
                    {command[0]!.toUpperCase() + command.slice(1)}
                  </button>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
