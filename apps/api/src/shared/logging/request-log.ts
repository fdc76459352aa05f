import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Level, Logger } from 'pino';

import { requestId } from './request-id.js';

type Next = (error?: unknown) => void;
type LoggedRequest = IncomingMessage & { id?: string; originalUrl?: string };

/** The level of a request's line: 5xx (and responses cut off) as errors, 4xx as warnings, the rest as info. */
export function requestLogLevel(statusCode: number, cutOff: boolean): Level {
  return cutOff || statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * The traffic app's request log, the same records pino-http wrote (`reqId`, `req` {id, method, url}, `res`
 * {statusCode}, `responseTime`, and `err` for a failure), at a fraction of its cost per request: one `close`
 * listener, no child logger and no async context per request. Every request gets its id (`requestId`: the
 * caller's safe `x-request-id` or a new UUID, sent back in the response); the line is only built when its level
 * is on.
 */
export function requestLogMiddleware(root: Logger) {
  return (req: LoggedRequest, res: ServerResponse, next: Next): void => {
    const id = requestId(req, res);
    req.id = id;
    const startedAt = Date.now();
    const url = req.originalUrl ?? req.url;
    res.once('close', () => {
      const cutOff = !res.writableFinished;
      const level = requestLogLevel(res.statusCode, cutOff);
      if (!root.isLevelEnabled(level)) {
        return;
      }
      const responseTime = Date.now() - startedAt;
      const record = {
        reqId: id,
        req: { id, method: req.method, url },
        res: { statusCode: res.statusCode },
        responseTime,
      };
      if (level === 'error') {
        const error = new Error(cutOff ? 'response cut off' : `failed with status code ${res.statusCode}`);
        root.error(
          { ...record, err: error },
          `${req.method} ${url} ${cutOff ? 'cut off' : res.statusCode}: ${error.message}`,
        );
        return;
      }
      root[level](record, `${req.method} ${url} ${res.statusCode} in ${responseTime} ms`);
    });
    next();
  };
}
