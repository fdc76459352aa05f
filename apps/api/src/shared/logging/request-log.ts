import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import type { Level, Logger } from 'pino';

import { requestId } from './request-id.js';

type LoggedRequest = IncomingMessage & { id?: string };

/** What Node publishes on its `http.server.request.start` and `http.server.response.finish` channels. */
interface ServerMessage {
  request: LoggedRequest;
  response: ServerResponse;
  socket: Socket;
  server: Server;
}

/** A request whose response has not finished yet. */
interface OpenRequest {
  req: LoggedRequest;
  res: ServerResponse;
  id: string;
  /** The URL as received (routers rewrite `req.url` while they route). */
  url: string;
  startedAt: number;
}

/** The level of a request's line: 5xx (and responses cut off) as errors, 4xx as warnings, the rest as info. */
export function requestLogLevel(statusCode: number, cutOff: boolean): Level {
  return cutOff || statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

function writeLine(root: Logger, { req, res, id, url, startedAt }: OpenRequest, cutOff: boolean): void {
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
}

/** The logger of each server with a request log: Node's channels publish for every HTTP server of the process. */
const logs = new WeakMap<Server, Logger>();
/** A socket's requests whose responses have not finished, oldest first (HTTP/1.1 answers them in order). */
const OPEN = Symbol('drainboard.requestLog.open');
type WatchedSocket = Socket & { [OPEN]?: OpenRequest[] };
let subscribed = false;

function started({ server, request: req, response: res, socket }: ServerMessage): void {
  const root = logs.get(server);
  if (root === undefined) {
    return;
  }
  const id = requestId(req, res);
  req.id = id;
  const entry: OpenRequest = { req, res, id, url: req.url ?? '', startedAt: Date.now() };
  const watched = socket as WatchedSocket;
  let open = watched[OPEN];
  if (open === undefined) {
    const list: OpenRequest[] = [];
    open = watched[OPEN] = list;
    // One listener per connection, not per request: whatever is still open when the socket closes was cut off.
    socket.once('close', () => list.splice(0).forEach((cut) => writeLine(root, cut, true)));
  }
  open.push(entry);
}

function finished({ server, request: req, socket }: ServerMessage): void {
  const root = logs.get(server);
  const open = (socket as WatchedSocket)[OPEN];
  if (root === undefined || open === undefined) {
    return;
  }
  const index = open[0]?.req === req ? 0 : open.findIndex((entry) => entry.req === req);
  if (index === -1) {
    return;
  }
  const entry = index === 0 ? open.shift() : open.splice(index, 1)[0];
  writeLine(root, entry!, false);
}

/**
 * The traffic app's request log, the same records pino-http wrote (`reqId`, `req` {id, method, url}, `res`
 * {statusCode}, `responseTime`, and `err` for a failure), for every request `server` receives (404s and requests
 * no route sees included), at a fraction of pino-http's cost per request. Requests are seen through Node's
 * `http.server.request.start` and `http.server.response.finish` diagnostics channels: no middleware, no closure
 * and no listener per request (one `close` listener per connection reports the responses it cut off). Every
 * request gets its id (`requestId`: the caller's safe `x-request-id` or a new UUID, sent back in the response,
 * and set as `req.id`); a line is only built when its level is on.
 */
export function attachRequestLog(server: Server, root: Logger): void {
  logs.set(server, root);
  if (subscribed) {
    return;
  }
  subscribed = true;
  subscribe('http.server.request.start', (message) => started(message as ServerMessage));
  subscribe('http.server.response.finish', (message) => finished(message as ServerMessage));
}
