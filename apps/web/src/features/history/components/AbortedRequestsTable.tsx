import type { AbortedRequest } from '@drainboard/contracts';
import { formatDuration } from '@web/shared/lib/format.js';

/** Requests cut off at a run's deadline. */
export function AbortedRequestsTable({ requests }: { requests: AbortedRequest[] }) {
  if (requests.length === 0) {
    return <p className="empty">No request was aborted.</p>;
  }
  return (
    <table className="aborted">
      <caption>Aborted requests</caption>
      <thead>
        <tr>
          <th>Method</th>
          <th>Route</th>
          <th className="num">Age</th>
          <th className="num">Bytes sent</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((request, index) => (
          <tr key={index}>
            <td>{request.method}</td>
            <td className="mono">{request.route}</td>
            <td className="num">{formatDuration(request.ageMs)}</td>
            <td className="num">{request.bytesSent}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
