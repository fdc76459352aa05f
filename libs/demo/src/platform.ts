import type { IncomingMessage, ServerResponse } from 'node:http';

/** What `@Req()` gives a handler: Node's request on Express, Fastify's request (Node's one as `raw`) on Fastify. */
export type PlatformRequest = IncomingMessage | { raw: IncomingMessage };

/** What `@Res()` gives a handler: Node's response on Express, Fastify's reply (Node's one as `raw`) on Fastify. */
export type PlatformResponse = ServerResponse | { raw: ServerResponse; hijack?: () => void };

/** Node's request under either platform. */
export const rawRequest = (req: PlatformRequest): IncomingMessage => ('raw' in req ? req.raw : req);

/** Node's response under either platform; a Fastify reply is hijacked first, as the handler writes it itself. */
export function rawResponse(res: PlatformResponse): ServerResponse {
  if (!('raw' in res)) {
    return res;
  }
  res.hijack?.();
  return res.raw;
}
