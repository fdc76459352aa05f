import type { ServerResponse } from 'node:http';

import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { BaseWsExceptionFilter } from '@nestjs/websockets';

import type { ApiErrorBody, ApiErrorCode } from '@drainboard/contracts';

import { ApiError } from './api-error.js';
import { codeForStatus, errorBody, isApiErrorCode, setErrorCode } from './error-body.js';

/** Codes whose framework message is worth showing (`Cannot GET /x`); the others use the default text. */
const KEEP_FRAMEWORK_MESSAGE: ReadonlySet<ApiErrorCode> = new Set([
  'NOT_FOUND',
  'BAD_REQUEST',
  'UNAUTHORIZED',
]);

/**
 * The one place where errors become HTTP responses on the admin app: domain errors (anything carrying an
 * `ApiErrorCode` as `code`, e.g. `ApiError` or the drain library's `DrainStateError`), framework HTTP
 * exceptions (404, 429, ...) and unknown errors (500 `INTERNAL`, logged here, never shown).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminApi');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  private readonly ws = new BaseWsExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'ws') {
      this.ws.catch(exception, host);
      return;
    }
    const http = host.switchToHttp();
    const body = this.toBody(exception);
    const adapter = this.adapterHost.httpAdapter;
    const response = http.getResponse<ServerResponse>();
    if (adapter.isHeadersSent(response)) {
      adapter.end(response);
      return;
    }
    setErrorCode(response, body.code);
    adapter.reply(response, body, body.statusCode);
  }

  /** Maps any thrown value to the admin API's error body. */
  toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof ApiError) {
      return errorBody(exception.code, exception.message, exception.errors);
    }
    if (exception instanceof HttpException) {
      return this.fromHttpException(exception);
    }
    if (exception instanceof Error && isApiErrorCode((exception as { code?: unknown }).code)) {
      return errorBody((exception as Error & { code: ApiErrorCode }).code, exception.message);
    }
    this.logger.error(
      'Unhandled error in the admin API',
      exception instanceof Error ? exception.stack : exception,
    );
    return errorBody('INTERNAL');
  }

  private fromHttpException(exception: HttpException): ApiErrorBody {
    const response = exception.getResponse();
    const declared =
      typeof response === 'object' && response !== null ? (response as { code?: unknown }).code : null;
    if (isApiErrorCode(declared)) {
      return errorBody(declared, exception.message);
    }
    const code = codeForStatus(exception.getStatus());
    if (code === 'INTERNAL') {
      this.logger.error(`HTTP ${exception.getStatus()} raised in the admin API`, exception.stack);
      return errorBody(code);
    }
    return errorBody(code, KEEP_FRAMEWORK_MESSAGE.has(code) ? exception.message : undefined);
  }
}
