import { useState, type FormEvent } from 'react';
import type { DrainRequestBody } from '@drainboard/contracts';
import { parseDrainForm, type DrainFormInput } from '../lib/drain-form.js';
import type { DrainAction } from '../lib/available-actions.js';

interface ConfirmDialogProps {
  action: DrainAction;
  onConfirm(body: DrainRequestBody): void;
  onCancel(): void;
}

const TEXT: Record<DrainAction, string> = {
  drain: 'Stop accepting traffic and finish in-flight requests. The process stays up and can be resumed.',
  resume: 'Reopen the traffic port and serve again.',
  stop: 'Drain, run shutdown hooks, record the run and exit the process.',
};

/** Asks for confirmation of an action, with reason and deadline for drain and stop. */
export function ConfirmDialog({ action, onConfirm, onCancel }: ConfirmDialogProps) {
  const [input, setInput] = useState<DrainFormInput>({ reason: '', deadlineSeconds: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof DrainFormInput, string>>>({});
  const withFields = action !== 'resume';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!withFields) return onConfirm({});
    const result = parseDrainForm(input);
    if (result.ok) onConfirm(result.body);
    else setErrors(result.errors);
  };
  return (
    <div className="backdrop">
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        className="dialog card"
        onSubmit={submit}
      >
        <h2 id="confirm-title">Confirm {action}</h2>
        <p>{TEXT[action]}</p>
        {withFields && (
          <>
            <label htmlFor="drain-reason">Reason</label>
            <input
              id="drain-reason"
              value={input.reason}
              onChange={(e) => setInput({ ...input, reason: e.target.value })}
            />
            {errors.reason && <p className="error">{errors.reason}</p>}
            <label htmlFor="drain-deadline">Deadline (seconds, empty for the default)</label>
            <input
              id="drain-deadline"
              inputMode="decimal"
              value={input.deadlineSeconds}
              onChange={(e) => setInput({ ...input, deadlineSeconds: e.target.value })}
            />
            {errors.deadlineSeconds && <p className="error">{errors.deadlineSeconds}</p>}
          </>
        )}
        <div className="actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className={`primary action-${action}`}>
            Confirm {action}
          </button>
        </div>
      </form>
    </div>
  );
}
