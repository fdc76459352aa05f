import type { Socket } from 'node:net';

/**
 * The two read-only methods Node's HTTP parser has had since v18.13 for its own connections check
 * (`duration()`, `headersCompleted()` in src/node_http_parser.cc; used by checkConnections in
 * lib/_http_server.js). `duration()` is the age of the message being received, 0 between messages.
 */
interface ParserView {
  duration?: () => number;
  headersCompleted?: () => boolean;
}

/** What is known of a request message only partly received on a socket. */
export interface PartialMessage {
  /** false: part of the request head; true: the head is in, the body is still arriving. */
  headComplete: boolean;
  /** Age of the message, from its first byte (for the first request of a socket: from its connection). */
  ageMs: number;
  bytesReceived: number;
}

const parserOf = (socket: Socket): ParserView | null =>
  (socket as Socket & { parser?: ParserView | null }).parser ?? null;

/**
 * The request message being received on `socket`, or null when the parser is between messages.
 * `bytesAtRest` (bytes read when the socket last had nothing in progress) is the fallback where the
 * parser offers no view: any byte read since then is a request arriving.
 */
export function partialMessage(socket: Socket, bytesAtRest: number): PartialMessage | null {
  if (socket.bytesRead === 0) {
    return null;
  }
  const bytesReceived = Math.max(0, socket.bytesRead - bytesAtRest);
  const parser = parserOf(socket);
  if (typeof parser?.duration !== 'function') {
    return bytesReceived > 0 ? { headComplete: false, ageMs: 0, bytesReceived } : null;
  }
  const ageMs = parser.duration();
  if (!(ageMs > 0)) {
    return null;
  }
  return { headComplete: parser.headersCompleted?.() ?? false, ageMs, bytesReceived };
}
