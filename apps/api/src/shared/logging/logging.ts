import type { LoggerService } from '@nestjs/common';
import { Logger, type Params, PinoLogger } from 'nestjs-pino';
import type { DestinationStream, Logger as PinoRoot } from 'pino';

import { createRootLogger, type LoggerConfig } from './root-logger.js';

const paramsByConfig = new WeakMap<LoggerConfig, Params>();
const rootByConfig = new WeakMap<LoggerConfig, PinoRoot>();

/** The process's root pino logger for `config` (one per configuration object). */
export function rootLogger(config: LoggerConfig, destination?: DestinationStream): PinoRoot {
  let root = rootByConfig.get(config);
  if (!root) {
    root = createRootLogger(config, destination);
    rootByConfig.set(config, root);
  }
  return root;
}

/**
 * nestjs-pino parameters of the process (one set per configuration object): the root logger every Nest logger
 * of both apps writes through. Traffic requests are logged by `attachRequestLog`, not by pino-http.
 */
export function loggingParams(config: LoggerConfig, destination?: DestinationStream): Params {
  const known = paramsByConfig.get(config);
  if (known) {
    return known;
  }
  const params: Params = { pinoHttp: { logger: rootLogger(config, destination) } };
  paramsByConfig.set(config, params);
  return params;
}

/** The Nest logger of both apps (and of `new Logger(context)` everywhere): nestjs-pino over the root logger. */
export function appLogger(config: LoggerConfig): LoggerService {
  const params = loggingParams(config);
  return new Logger(new PinoLogger(params), params);
}
