import { formatDuration } from '@web/shared/lib/format.js';

import type { CutForecast } from '../lib/cut-forecast.js';
import { SOURCE_PHRASES } from '../lib/estimate-source.js';

const LISTED = 10;

/**
 * A cut forecast in words: "with a deadline of D, N of the M requests in flight will be cut", naming them.
 * `lead` starts the sentence (`With the remaining deadline` during a run, `Draining now with this deadline`).
 */
export function CutPrediction({
  forecast,
  lead,
  note = null,
}: {
  forecast: CutForecast;
  lead: string;
  /** What the estimates rest on (see estimatesNote). */
  note?: string | null;
}) {
  return (
    <div className="prediction" data-testid="cut-prediction" aria-live="polite">
      <p>
        {lead} ({formatDuration(forecast.deadlineMs)}),{' '}
        <strong>
          {forecast.willBeCut} of the {forecast.inFlight} requests in flight will be cut
        </strong>
        {forecast.unknown > 0
          ? `; ${forecast.unknown} have no estimate yet (no recent request of their route took longer)`
          : ''}
        .
      </p>
      {forecast.cut.length > 0 && (
        <ul className="cut-list">
          {forecast.cut.slice(0, LISTED).map((request) => (
            <li key={request.id}>
              <span className="mono">
                {request.method} {request.route}
              </span>{' '}
              running for {formatDuration(request.ageMs)}, expected to need{' '}
              {formatDuration(request.expectedRemainingMs)} more
              {request.estimateSource && (
                <span className="source"> (estimate from {SOURCE_PHRASES[request.estimateSource]})</span>
              )}
            </li>
          ))}
          {forecast.cut.length > LISTED && <li>and {forecast.cut.length - LISTED} more</li>}
        </ul>
      )}
      {note && (
        <p className="hint" data-testid="estimates-note">
          {note}
        </p>
      )}
    </div>
  );
}
