import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

import type { AppConfig } from '../config/app-config.js';

const PINO_LEVELS: Readonly<Record<AppConfig['logLevel'], string>> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'trace',
};

/** What the root logger depends on. */
export type LoggerConfig = Pick<AppConfig, 'nodeEnv' | 'logLevel' | 'instanceId'>;

/**
 * The process's pino logger. Production: one JSON object per line on stdout (written synchronously, so the last
 * lines before the exit are never lost). Development and test: the same records as readable single lines.
 * Every record carries the instance id; `destination` replaces stdout (tests).
 */
export function createRootLogger(config: LoggerConfig, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: PINO_LEVELS[config.logLevel],
    base: { pid: process.pid, instance: config.instanceId },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (config.nodeEnv === 'production') {
    return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
  }
  const readable = pretty({
    sync: true,
    destination: destination ?? 1,
    colorize: !destination && Boolean(process.stdout.isTTY),
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,instance,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
  return pino(options, readable);
}
