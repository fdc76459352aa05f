import { Fragment, useMemo, useState } from 'react';

import type { DrainPreview, EstimateSource, InFlightRequest } from '@drainboard/contracts';
import { useNow } from '@web/shared/hooks/useNow.js';
import { formatDuration } from '@web/shared/lib/format.js';

import { SOURCE_LABELS } from '../lib/estimate-source.js';
import {
  type GroupedRequest,
  groupInFlight,
  type GroupSortKey,
  type RouteGroup,
  type SortDirection,
  sortGroups,
} from '../lib/in-flight-groups.js';

interface InFlightGroupsProps {
  requests: InFlightRequest[];
  total: number;
  preview: DrainPreview | null;
}

const COLUMNS: { key: GroupSortKey; label: string; numeric: boolean }[] = [
  { key: 'route', label: 'Route', numeric: false },
  { key: 'count', label: 'Count', numeric: true },
  { key: 'oldest', label: 'Oldest', numeric: true },
  { key: 'median', label: 'Median age', numeric: true },
  { key: 'finish', label: 'Expected finish', numeric: true },
];
const LISTED_PER_GROUP = 50;

const finishText = (ms: number | null, source: EstimateSource | null): string =>
  ms === null ? 'no estimate' : `in ${formatDuration(ms)}${source ? ` (${SOURCE_LABELS[source]})` : ''}`;

function verdictText(request: GroupedRequest): string {
  if (request.verdict === 'cut') {
    return 'will be cut';
  }
  if (request.verdict === 'finishes') {
    return 'finishes';
  }
  return request.verdict === 'unknown' ? 'no estimate' : '…';
}

function predictionText(group: RouteGroup): string {
  const parts = [
    group.willBeCut > 0 ? `${group.willBeCut} will be cut` : null,
    group.unknown > 0 ? `${group.unknown} without estimate` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'all finish';
}

function GroupRequests({ group }: { group: RouteGroup }) {
  const listed = group.requests.slice(0, LISTED_PER_GROUP);
  return (
    <tr className="group-requests">
      <td colSpan={6}>
        <table className="requests">
          <caption className="visually-hidden">Requests in flight on {group.key}</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col" className="num">
                Age
              </th>
              <th scope="col" className="num">
                Bytes sent
              </th>
              <th scope="col" className="num">
                Expected finish
              </th>
              <th scope="col">Prediction</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((request) => (
              <tr key={request.id} className={request.verdict === 'cut' ? 'will-cut' : undefined}>
                <td>{new Date(request.startedAt).toLocaleTimeString()}</td>
                <td className="num">{formatDuration(request.ageMs)}</td>
                <td className="num">{request.bytesWritten}</td>
                <td className="num">{finishText(request.expectedRemainingMs, request.estimateSource)}</td>
                <td>{verdictText(request)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {group.requests.length > listed.length && (
          <p className="hint">{group.requests.length - listed.length} more not listed.</p>
        )}
      </td>
    </tr>
  );
}

/** Requests in flight grouped by route (count, oldest, median age, expected finish), expandable, sortable. */
export function InFlightGroups({ requests, total, preview }: InFlightGroupsProps) {
  const now = useNow(500);
  const [sort, setSort] = useState<{ key: GroupSortKey; direction: SortDirection }>({
    key: 'oldest',
    direction: 'descending',
  });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const predictions = useMemo(
    () => new Map((preview?.requests ?? []).map((request) => [request.id, request])),
    [preview],
  );
  const groups = sortGroups(groupInFlight(requests, now, predictions), sort.key, sort.direction);
  const toggle = (key: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(key)) {
        next.add(key);
      }
      return next;
    });
  const sortBy = (key: GroupSortKey) =>
    setSort((previous) => ({
      key,
      direction: previous.key === key && previous.direction === 'descending' ? 'ascending' : 'descending',
    }));
  return (
    <section className="card" aria-labelledby="in-flight-title">
      <h2 id="in-flight-title">
        In flight{' '}
        <span className="count" data-testid="in-flight-count">
          {total}
        </span>
      </h2>
      {groups.length === 0 ? (
        <p className="empty">No request in flight.</p>
      ) : (
        <div className="table-scroll">
          <table className="in-flight">
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th
                    key={column.key}
                    scope="col"
                    className={column.numeric ? 'num' : undefined}
                    aria-sort={sort.key === column.key ? sort.direction : undefined}
                  >
                    <button type="button" className="sort" onClick={() => sortBy(column.key)}>
                      {column.label}
                      <span aria-hidden="true">
                        {sort.key === column.key ? (sort.direction === 'descending' ? ' ▼' : ' ▲') : ''}
                      </span>
                    </button>
                  </th>
                ))}
                <th scope="col">Prediction</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <Fragment key={group.key}>
                  <tr className={group.willBeCut > 0 ? 'will-cut' : undefined} data-testid="in-flight-group">
                    <td>
                      <button
                        type="button"
                        className="expand"
                        aria-expanded={open.has(group.key)}
                        onClick={() => toggle(group.key)}
                      >
                        <span className="mono">{group.key}</span>
                      </button>
                    </td>
                    <td className="num">{group.count}</td>
                    <td className="num">{formatDuration(group.oldestMs)}</td>
                    <td className="num">{formatDuration(group.medianMs)}</td>
                    <td className="num">{finishText(group.expectedFinishMs, group.estimateSource)}</td>
                    <td>{predictionText(group)}</td>
                  </tr>
                  {open.has(group.key) && <GroupRequests group={group} />}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > requests.length && (
        <p className="hint">{total - requests.length} more in flight, not listed.</p>
      )}
    </section>
  );
}
