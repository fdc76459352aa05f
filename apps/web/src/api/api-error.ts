import type { ApiErrorBody } from '@drainboard/contracts';

/** Why a call to the admin API failed, in the terms the console shows to the user. */
export type ApiFailureKind = 'unreachable' | 'unauthorized' | 'rejected';

/** A failed admin API call. `body` is the API's error body when it sent one. */
export class ApiError extends Error {
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

/** Builds the ApiError for a non-2xx response and its (possibly non-JSON) body. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  if (status === 401) return new ApiError('unauthorized', WRONG_TOKEN_MESSAGE, status);
  if (isErrorBody(body)) {
    const fields = body.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    return new ApiError('rejected', fields ? `${body.message} (${fields})` : body.message, status, body);
  }
  if (status >= 502 && status <= 504) return new ApiError('unreachable', UNREACHABLE_MESSAGE, status);
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
  if (failure instanceof ApiError && failure.kind === 'unauthorized') onUnauthorized(failure.message);
  else onError(failure instanceof Error ? failure.message : String(failure));
}
