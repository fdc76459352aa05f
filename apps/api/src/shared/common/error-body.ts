import type { ServerResponse } from 'node:http';

import {
  API_ERROR_STATUS,
  type ApiErrorBody,
  type ApiErrorCode,
  type FieldError,
} from '@drainboard/contracts';

/** The message used when an error carries none of its own. One per code, so the map stays exhaustive. */
export const DEFAULT_ERROR_MESSAGES: Readonly<Record<ApiErrorCode, string>> = {
  BAD_REQUEST: 'Bad request',
  VALIDATION_FAILED: 'Request is invalid',
  UNAUTHORIZED: 'Missing or invalid admin token',
  FORBIDDEN_ROLE: 'This admin token may not do that',
  NOT_FOUND: 'Not found',
  RUN_NOT_FOUND: 'Drain run not found',
  ALREADY_DRAINING: 'The instance is already draining',
  NOT_DRAINING: 'The instance is not draining',
  ALREADY_STOPPING: 'The instance is already stopping',
  INSTANCE_NOT_FOUND: 'No such instance in the fleet registry',
  INSTANCE_GONE: 'The instance has stopped or is lost',
  FLEET_MIN_READY:
    'Refused: fewer than FLEET_MIN_READY instances would stay ready (send force: true to override)',
  ROLLING_DRAIN_ACTIVE: 'A rolling drain is already running',
  ROLLING_DRAIN_NOT_FOUND: 'No rolling drain is running',
  FLEET_TIMEOUT: 'The target instance did not answer in time',
  PAYLOAD_TOO_LARGE: 'Request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Request body must be application/json',
  RATE_LIMITED: 'Too many requests, try again later',
  INTERNAL: 'Internal server error',
};

/** Builds the error body of the admin API for a code; the status always comes from `API_ERROR_STATUS`. */
export function errorBody(code: ApiErrorCode, message?: string, errors?: FieldError[]): ApiErrorBody {
  const body: ApiErrorBody = {
    statusCode: API_ERROR_STATUS[code],
    code,
    message: message ?? DEFAULT_ERROR_MESSAGES[code],
  };
  if (errors && errors.length > 0) {
    body.errors = errors;
  }
  return body;
}

const CODE_BY_STATUS: ReadonlyMap<number, ApiErrorCode> = new Map<number, ApiErrorCode>([
  [400, 'BAD_REQUEST'],
  [401, 'UNAUTHORIZED'],
  [403, 'FORBIDDEN_ROLE'],
  [404, 'NOT_FOUND'],
  [413, 'PAYLOAD_TOO_LARGE'],
  [415, 'UNSUPPORTED_MEDIA_TYPE'],
  [429, 'RATE_LIMITED'],
]);

/** The generic code of an HTTP status raised by the framework, or `INTERNAL` when none fits. */
export function codeForStatus(status: number): ApiErrorCode {
  return CODE_BY_STATUS.get(status) ?? 'INTERNAL';
}

/** True when `value` names one of the admin API's error codes. */
export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && Object.hasOwn(API_ERROR_STATUS, value);
}

const ERROR_CODE = Symbol('drainboard.error-code');

/** Remembers the error code a response was answered with (read by the audit trail). */
export function setErrorCode(res: ServerResponse, code: ApiErrorCode): void {
  (res as ServerResponse & { [ERROR_CODE]?: ApiErrorCode })[ERROR_CODE] = code;
}

/** The error code a response was answered with, if it was an error body. */
export function errorCodeOf(res: ServerResponse): ApiErrorCode | undefined {
  return (res as ServerResponse & { [ERROR_CODE]?: ApiErrorCode })[ERROR_CODE];
}

/** Answers with an error body from plain Express middleware (before Nest's filter can see the request). */
export function sendErrorBody(res: ServerResponse, body: ApiErrorBody): void {
  setErrorCode(res, body.code);
  res.statusCode = body.statusCode;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
