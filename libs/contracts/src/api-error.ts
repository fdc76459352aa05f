/** Domain error codes of the admin API and the HTTP status each maps to. */
export const API_ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN_ROLE: 403,
  NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  ALREADY_DRAINING: 409,
  NOT_DRAINING: 409,
  ALREADY_STOPPING: 409,
  INSTANCE_NOT_FOUND: 404,
  INSTANCE_GONE: 409,
  FLEET_MIN_READY: 409,
  ROLLING_DRAIN_ACTIVE: 409,
  ROLLING_DRAIN_NOT_FOUND: 404,
  FLEET_TIMEOUT: 504,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** A field-level validation message. */
export interface FieldError {
  field: string;
  message: string;
}

/** The body of every error response of the admin API. Never contains a stack trace. */
export interface ApiErrorBody {
  statusCode: number;
  code: ApiErrorCode;
  message: string;
  errors?: FieldError[];
}
