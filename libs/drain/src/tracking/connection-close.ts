import type { ServerResponse } from 'node:http';

import type { TrackedRequest } from './tracked-request.js';

/** What decides, when a response's head is written, whether it is the socket's last. */
export interface CloseDecider {
  readonly isClosing: boolean;
  isLastOnSocket(entry: TrackedRequest): boolean;
}

const ARMED = Symbol('drainboard.close-armed');
type ArmedResponse = ServerResponse & { [ARMED]?: true };

/**
 * Makes the response decide `Connection: close` at the moment its head is written, not before:
 * pipelined requests queued behind it, a body still arriving or a next request partly received keep
 * the socket open, so every request already received is answered in order. Every way of sending a
 * head (`end()`, `write()`, `flushHeaders()`, Fastify's explicit call) goes through `writeHead`
 * (`_implicitHeader` in lib/_http_server.js).
 */
export function armConnectionClose(entry: TrackedRequest, decider: CloseDecider): void {
  const res = entry.res as ArmedResponse;
  if (res.headersSent || res[ARMED]) {
    return;
  }
  res[ARMED] = true;
  const writeHead = res.writeHead as (...args: unknown[]) => ServerResponse;
  const decidingWriteHead = function (this: ServerResponse, ...args: unknown[]): ServerResponse {
    if (!this.headersSent && decider.isClosing && decider.isLastOnSocket(entry)) {
      this.setHeader('Connection', 'close');
    }
    return writeHead.apply(this, args);
  };
  res.writeHead = decidingWriteHead;
}

/** The response told the client the connection closes after it (Node then ends the socket). */
export function announcesClose(res: ServerResponse): boolean {
  if (!res.headersSent) {
    return false;
  }
  if (!res.shouldKeepAlive) {
    return true;
  }
  // Keep-alive unless the app set `Connection: close` itself (asked at every request end: cheapest test first).
  const header = res.getHeader('connection');
  return typeof header === 'string' && /\bclose\b/i.test(header);
}
