import type { ApiErrorBody } from '@drainboard/contracts';
import { errorMessage } from '@web/shared/lib/error-message.js';

/** Why a call to the admin API failed, in the terms the console shows to the user. */
export type ApiFailureKind = 'unreachable' | 'unauthorized' | 'rejected';

/** A failed admin API call. `body` is the API's error body when it sent one. */
export class ApiError extends Error {
  /** For a 429: seconds until a retry is allowed (`Retry-After`), when the API said. */
  retryAfterSeconds: number | null = null;

  constructor(
    readonly kind: ApiFailureKind,
    message: string,
    readonly status: number | null = null,
    readonly body: ApiErrorBody | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message shown for a 401 anywhere in the console. */
export const WRONG_TOKEN_MESSAGE = 'The admin token was refused (401). Check ADMIN_TOKEN and enter it again.';

/** The message shown when the API cannot be reached at all. */
export const UNREACHABLE_MESSAGE = 'The Drainboard API cannot be reached. Is the process running?';

const isErrorBody = (value: unknown): value is ApiErrorBody =>
  typeof value === 'object' && value !== null && 'code' in value && 'message' in value;

/**
 * Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date, RFC 9110 section 10.2.3), measured
 * at `now`; null when absent or unreadable.
 */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) {
    return null;
  }
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The message shown for a 429: when to try again, as a delay and a clock time. */
export function tooManyRequestsMessage(retryAfter: number | null, now = Date.now()): string {
  if (retryAfter === null) {
    return 'Too many requests: wait a few seconds, then try again.';
  }
  const at = new Date(now + retryAfter * 1000).toLocaleTimeString();
  return `Too many requests: try again in ${retryAfter} s (at ${at}).`;
}

/** Builds the ApiError for a non-2xx response and its (possibly non-JSON) body. */
export function errorFromResponse(status: number, body: unknown, retryAfter: number | null = null): ApiError {
  if (status === 401) {
    return new ApiError('unauthorized', WRONG_TOKEN_MESSAGE, status);
  }
  if (status === 429) {
    const error = new ApiError(
      'rejected',
      tooManyRequestsMessage(retryAfter),
      status,
      isErrorBody(body) ? body : null,
    );
    error.retryAfterSeconds = retryAfter;
    return error;
  }
  if (isErrorBody(body)) {
    const fields = body.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    return new ApiError('rejected', fields ? `${body.message} (${fields})` : body.message, status, body);
  }
  if (status >= 502 && status <= 504) {
    return new ApiError('unreachable', UNREACHABLE_MESSAGE, status);
  }
  return new ApiError('rejected', `The API answered ${status}.`, status);
}

/**
 * Sends a failed call's message where the console shows it: a wrong token back to the token screen
 * (`onUnauthorized`), anything else to the feature's own error line (`onError`).
 */
export function reportFailure(
  failure: unknown,
  onUnauthorized: (message: string) => void,
  onError: (message: string) => void,
): void {
  if (failure instanceof ApiError && failure.kind === 'unauthorized') {
    onUnauthorized(failure.message);
  } else {
    onError(errorMessage(failure));
  }
}
