import type { DrainPreview } from '@drainboard/contracts';
import { formatDuration } from '@web/shared/lib/format.js';

const LISTED = 10;

/**
 * The dry run in words: "with a deadline of D, N of the M requests in flight will be cut", naming them.
 * `lead` starts the sentence (`With the remaining deadline` during a run, `Draining now` in the dialog).
 */
export function CutPrediction({ preview, lead }: { preview: DrainPreview; lead: string }) {
  const cut = preview.requests.filter((request) => request.verdict === 'cut');
  return (
    <div className="prediction" data-testid="cut-prediction" aria-live="polite">
      <p>
        {lead} ({formatDuration(preview.deadlineMs)}),{' '}
        <strong>
          {preview.willBeCut} of the {preview.inFlight} requests in flight will be cut
        </strong>
        {preview.unknown > 0 ? `; ${preview.unknown} have no estimate yet (no recent request of their route took longer)` : ''}
        .
      </p>
      {cut.length > 0 && (
        <ul className="cut-list">
          {cut.slice(0, LISTED).map((request) => (
            <li key={request.id}>
              <span className="mono">
                {request.method} {request.route}
              </span>{' '}
              running for {formatDuration(request.ageMs)}, expected to need{' '}
              {formatDuration(request.expectedRemainingMs)} more
            </li>
          ))}
          {cut.length > LISTED && <li>and {cut.length - LISTED} more</li>}
        </ul>
      )}
    </div>
  );
}
