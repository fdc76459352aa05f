import type { ApiErrorCode, FieldError } from '@drainboard/contracts';

/**
 * A domain error of the admin API. Services throw it; the one exception filter turns it into
 * `{ statusCode, code, message[, errors] }` with the status `API_ERROR_STATUS[code]`.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
