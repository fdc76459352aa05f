import { type DrainRequestBody, MAX_DEADLINE_MS, MAX_REASON_LENGTH } from '@drainboard/contracts';

/** Raw text of the confirmation dialog's fields. */
export interface DrainFormInput {
  reason: string;
  /** Deadline in seconds as typed; empty means the server default. */
  deadlineSeconds: string;
}

export type DrainFormResult =
  { ok: true; body: DrainRequestBody } | { ok: false; errors: Partial<Record<keyof DrainFormInput, string>> };

/** Validates the dialog's fields into a `POST /admin/drain|stop` body, with one message per bad field. */
export function parseDrainForm(input: DrainFormInput): DrainFormResult {
  const errors: Partial<Record<keyof DrainFormInput, string>> = {};
  const body: DrainRequestBody = {};
  const reason = input.reason.trim();
  if (reason.length > MAX_REASON_LENGTH) {
    errors.reason = `At most ${MAX_REASON_LENGTH} characters.`;
  } else if (reason !== '') {
    body.reason = reason;
  }
  const deadline = input.deadlineSeconds.trim();
  if (deadline !== '') {
    const seconds = Number(deadline);
    const ms = Math.round(seconds * 1000);
    if (!Number.isFinite(seconds) || ms < 1 || ms > MAX_DEADLINE_MS) {
      errors.deadlineSeconds = `A number of seconds between 0.001 and ${MAX_DEADLINE_MS / 1000}.`;
    } else {
      body.deadlineMs = ms;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}
