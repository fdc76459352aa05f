import { type FormEvent, useRef, useState } from 'react';

import type { DrainRequestBody } from '@drainboard/contracts';
import type { ApiClient } from '@web/api/client.js';
import { CutPrediction } from '@web/features/live/components/CutPrediction.js';
import { forecastOf } from '@web/features/live/lib/cut-forecast.js';
import { estimatesNote } from '@web/features/live/lib/estimate-source.js';

import { useDryRun } from '../hooks/useDryRun.js';
import { useFocusTrap } from '../hooks/useFocusTrap.js';
import type { DrainAction } from '../lib/available-actions.js';
import { type DrainFormInput, parseDrainForm } from '../lib/drain-form.js';

interface ConfirmDialogProps {
  action: DrainAction;
  client: ApiClient;
  instanceId: string | null;
  onConfirm(body: DrainRequestBody): void;
  onCancel(): void;
}

const TEXT: Record<DrainAction, string> = {
  drain: 'Stop accepting traffic and finish in-flight requests. The process stays up and can be resumed.',
  resume: 'Reopen the traffic port and serve again.',
  stop: 'Drain, run shutdown hooks, record the run and EXIT the process. This cannot be undone from the console.',
};

/** The deadline the dry run should use: the typed one when valid, else the default. */
function typedDeadline(input: DrainFormInput): number | undefined {
  const result = parseDrainForm({ reason: '', deadlineSeconds: input.deadlineSeconds });
  return result.ok ? result.body.deadlineMs : undefined;
}

/**
 * A modal confirmation (native `<dialog>`: initial focus, focus kept inside, Escape cancels, labelled). Drain and
 * Stop show a dry run of what the deadline would cut; Stop must be confirmed by typing the instance id.
 */
export function ConfirmDialog({ action, client, instanceId, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLInputElement & HTMLButtonElement>(null);
  const [input, setInput] = useState<DrainFormInput>({ reason: '', deadlineSeconds: '' });
  const [typedId, setTypedId] = useState('');
  const [errors, setErrors] = useState<Partial<Record<keyof DrainFormInput, string>>>({});
  useFocusTrap(dialog, first);
  const withFields = action !== 'resume';
  const { preview, error: previewError } = useDryRun(client, typedDeadline(input), withFields);
  const idConfirmed = action !== 'stop' || (instanceId !== null && typedId.trim() === instanceId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!idConfirmed) {
      return;
    }
    if (!withFields) {
      return onConfirm({});
    }
    const result = parseDrainForm(input);
    if (result.ok) {
      onConfirm(result.body);
    } else {
      setErrors(result.errors);
    }
  };
  return (
    <dialog
      ref={dialog}
      className={`dialog card dialog-${action}`}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id="confirm-title">
          {action === 'stop' ? 'Stop' : action === 'drain' ? 'Drain' : 'Resume'} instance{' '}
          <span className="mono">{instanceId ?? '…'}</span>?
        </h2>
        <p id="confirm-text">{TEXT[action]}</p>
        {withFields && (
          <>
            <label htmlFor="drain-reason">Reason</label>
            <input
              id="drain-reason"
              ref={first}
              value={input.reason}
              onChange={(e) => setInput({ ...input, reason: e.target.value })}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={errors.reason ? 'drain-reason-error' : undefined}
            />
            {errors.reason && (
              <p id="drain-reason-error" className="error">
                {errors.reason}
              </p>
            )}
            <label htmlFor="drain-deadline">Deadline in seconds (empty for the default)</label>
            <input
              id="drain-deadline"
              inputMode="decimal"
              value={input.deadlineSeconds}
              onChange={(e) => setInput({ ...input, deadlineSeconds: e.target.value })}
              aria-invalid={errors.deadlineSeconds ? true : undefined}
              aria-describedby={errors.deadlineSeconds ? 'drain-deadline-error' : undefined}
            />
            {errors.deadlineSeconds && (
              <p id="drain-deadline-error" className="error">
                {errors.deadlineSeconds}
              </p>
            )}
            <section className="dry-run" aria-label="Dry run" data-testid="dry-run">
              <h3>Dry run</h3>
              {preview ? (
                <>
                  <CutPrediction
                    forecast={forecastOf(preview)}
                    lead="Draining now with this deadline"
                    note={estimatesNote(preview)}
                  />
                  {preview.grace.warnings.map((warning) => (
                    <p key={warning} className="warning">
                      {warning}
                    </p>
                  ))}
                </>
              ) : (
                <p className="hint">{previewError ?? 'Asking the API what this deadline would cut…'}</p>
              )}
            </section>
          </>
        )}
        {action === 'stop' && (
          <>
            <label htmlFor="confirm-instance">
              Type the instance id <span className="mono">{instanceId}</span> to confirm
            </label>
            <input
              id="confirm-instance"
              autoComplete="off"
              spellCheck={false}
              value={typedId}
              onChange={(e) => setTypedId(e.target.value)}
            />
          </>
        )}
        <div className="actions">
          <button type="button" onClick={onCancel} ref={withFields ? undefined : first}>
            Cancel
          </button>
          <button type="submit" className={action === 'stop' ? 'danger' : 'primary'} disabled={!idConfirmed}>
            Confirm {action}
          </button>
        </div>
      </form>
    </dialog>
  );
}
