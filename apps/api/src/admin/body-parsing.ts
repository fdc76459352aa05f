import type { IncomingMessage, ServerResponse } from 'node:http';

import type { NestExpressApplication } from '@nestjs/platform-express';

import type { ApiErrorCode } from '@drainboard/contracts';

import { errorBody, sendErrorBody } from '../shared/common/error-body.js';
import { rejectUnsafeBodies } from './json-body-rules.js';

/** Largest JSON body the admin API reads (its bodies are a reason and a number). */
export const ADMIN_BODY_LIMIT_BYTES = 16 * 1024;

type Next = (error?: unknown) => void;

/** True when the request carries a body, as body-parser decides it (`Content-Length` > 0 or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/** True for `application/json` and `application/*+json`, any parameters. */
export function isJsonContentType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
}

/** Rejects a request whose body is not JSON with 415, before any parser reads it. */
export function requireJsonBody(req: IncomingMessage, res: ServerResponse, next: Next): void {
  if (hasBody(req) && !isJsonContentType(req.headers['content-type'])) {
    sendErrorBody(res, errorBody('UNSUPPORTED_MEDIA_TYPE'));
    return;
  }
  next();
}

const PARSER_ERRORS: Readonly<Record<string, [ApiErrorCode, string]>> = {
  'entity.parse.failed': ['BAD_REQUEST', 'Request body is not valid JSON'],
  'entity.too.large': ['PAYLOAD_TOO_LARGE', `Request body is larger than ${ADMIN_BODY_LIMIT_BYTES} bytes`],
  'entity.verify.failed': ['BAD_REQUEST', 'Request body was rejected'],
  'request.aborted': ['BAD_REQUEST', 'Request body was not received completely'],
  'request.size.invalid': ['BAD_REQUEST', 'Request body does not match its Content-Length'],
  'charset.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'Request body charset is not supported'],
  'encoding.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'Request body encoding is not supported'],
};

/** Express error middleware for body-parser failures: the admin API's error body, never a stack trace. */
export function bodyParserErrors(
  error: unknown,
  _req: IncomingMessage,
  res: ServerResponse,
  next: Next,
): void {
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? PARSER_ERRORS[type] : undefined;
  if (!known) {
    next(error);
    return;
  }
  sendErrorBody(res, errorBody(known[0], known[1]));
}

/**
 * JSON only, at most `ADMIN_BODY_LIMIT_BYTES`: 415 for other content types, 413 when too large,
 * 400 for malformed JSON, 400 `VALIDATION_FAILED` for nesting, nulls or text Postgres cannot store. Registered before Nest's own parsers, which then see the body already read.
 */
export function configureBodyParsing(app: NestExpressApplication): void {
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: ADMIN_BODY_LIMIT_BYTES, strict: true });
  app.use(bodyParserErrors);
  app.use(rejectUnsafeBodies);
}
