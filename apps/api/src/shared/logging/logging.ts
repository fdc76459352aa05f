import type { LoggerService } from '@nestjs/common';
import { Logger, type Params, PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

import { requestId } from './request-id.js';
import { createRootLogger, type LoggerConfig } from './root-logger.js';

const paramsByConfig = new WeakMap<LoggerConfig, Params>();

/**
 * nestjs-pino parameters of the process (one set per configuration object): the root logger, and pino-http for
 * the traffic app's requests, each logged once when it ends with its request id, method, URL, status and
 * duration (5xx as errors, 4xx as warnings). Logs made while handling a request carry its `reqId`.
 */
export function loggingParams(config: LoggerConfig, destination?: DestinationStream): Params {
  const known = paramsByConfig.get(config);
  if (known) {
    return known;
  }
  const params: Params = {
    pinoHttp: {
      logger: createRootLogger(config, destination),
      genReqId: requestId,
      quietReqLogger: true,
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      customSuccessMessage: (req, res, ms) =>
        `${req.method} ${req.url} ${res.statusCode} in ${Math.round(ms)} ms`,
      customErrorMessage: (req, res, error) =>
        `${req.method} ${req.url} ${res.statusCode || 'cut off'}: ${error.message}`,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
  paramsByConfig.set(config, params);
  return params;
}

/** The Nest logger of both apps (and of `new Logger(context)` everywhere): nestjs-pino over the root logger. */
export function appLogger(config: LoggerConfig): LoggerService {
  const params = loggingParams(config);
  return new Logger(new PinoLogger(params), params);
}
