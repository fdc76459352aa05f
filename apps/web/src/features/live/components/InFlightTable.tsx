import type { InFlightRequest } from '@drainboard/contracts';
import { useNow } from '@web/shared/hooks/useNow.js';
import { ageMs, formatDuration } from '@web/shared/lib/format.js';

interface InFlightTableProps {
  requests: InFlightRequest[];
  total: number;
}

/** Requests being served on the traffic port, with their age updating live. */
export function InFlightTable({ requests, total }: InFlightTableProps) {
  const now = useNow(250);
  return (
    <section className="card">
      <h2>
        In flight <span className="count">{total}</span>
      </h2>
      {requests.length === 0 ? (
        <p className="empty">No request in flight.</p>
      ) : (
        <table className="in-flight">
          <thead>
            <tr>
              <th>Method</th>
              <th>Route</th>
              <th className="num">Age</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((request) => (
              <tr key={request.id}>
                <td>{request.method}</td>
                <td className="mono">{request.route}</td>
                <td className="num">{formatDuration(ageMs(request.startedAt, now))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > requests.length && <p className="hint">{total - requests.length} more not listed.</p>}
    </section>
  );
}
