import { type DrainClock, within } from '../clock/drain-clock.js';

/** What is used of an engine.io client socket. */
interface EngineClient {
  once(event: 'close', listener: () => void): unknown;
}

/** What is used of a socket.io `Server`. */
export interface SocketIoServerLike {
  engine: { clients: Record<string, EngineClient>; close(): unknown };
  of(name: string): unknown;
}

/** What is used of a `ws` WebSocket client (server side). */
interface WsClient {
  readyState: number;
  close(code: number, reason: string): void;
  terminate(): void;
  once(event: 'close', listener: () => void): unknown;
}

/** What is used of a `ws` `WebSocketServer`. */
export interface WsServerLike {
  clients: Set<WsClient>;
  handleUpgrade(...args: unknown[]): unknown;
}

/** Realtime servers found on an app's providers. */
export interface RealtimeServers {
  socketIo: Set<SocketIoServerLike>;
  ws: Set<WsServerLike>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function isSocketIoServer(value: unknown): value is SocketIoServerLike {
  return (
    isObject(value) &&
    typeof value.of === 'function' &&
    isObject(value.engine) &&
    isObject(value.engine.clients)
  );
}

function isWsServer(value: unknown): value is WsServerLike {
  return isObject(value) && value.clients instanceof Set && typeof value.handleUpgrade === 'function';
}

/** Adds `value` if it is a socket.io server or namespace (its server) or a `ws` server. */
function collect(value: unknown, into: RealtimeServers): void {
  if (isSocketIoServer(value)) {
    into.socketIo.add(value);
  } else if (isObject(value) && isSocketIoServer(value.server)) {
    into.socketIo.add(value.server);
  } else if (isWsServer(value)) {
    into.ws.add(value);
  }
}

/**
 * The socket.io and `ws` servers held by `instances` (a gateway's `@WebSocketServer()` property, or any
 * provider keeping one), found by shape so that neither package is a dependency of the library.
 */
export function findRealtimeServers(instances: Iterable<unknown>): RealtimeServers {
  const found: RealtimeServers = { socketIo: new Set(), ws: new Set() };
  for (const instance of instances) {
    if (!isObject(instance)) {
      continue;
    }
    collect(instance, found);
    for (const value of Object.values(instance)) {
      collect(value, found);
    }
  }
  return found;
}

const whenClosed = (client: EngineClient | WsClient): Promise<void> =>
  new Promise((resolve) => client.once('close', () => resolve()));

/**
 * Closes every engine.io client: websocket ones get a close frame, a pending long-poll is answered with a
 * close packet. The standard client sees `transport close` and reconnects on its own (to another
 * instance); a server-side `socket.disconnect()` would stop it from reconnecting.
 */
export async function closeSocketIo(
  io: SocketIoServerLike,
  waitMs: number,
  clock: DrainClock,
): Promise<number> {
  const clients = Object.values(io.engine.clients);
  const closed = Promise.all(clients.map(whenClosed));
  io.engine.close();
  if (clients.length > 0) {
    await within(clock, closed, waitMs);
  }
  return clients.length;
}

const WS_OPEN = 1;
/** RFC 6455 7.4.1: "an endpoint is going away, such as a server going down". */
export const GOING_AWAY = 1001;

/** Sends close 1001 to every open client, waits (bounded) for their close frames, then cuts the rest. */
export async function closeWs(server: WsServerLike, waitMs: number, clock: DrainClock): Promise<number> {
  const clients = [...server.clients].filter((client) => client.readyState === WS_OPEN);
  if (clients.length === 0) {
    return 0;
  }
  const closed = Promise.all(clients.map(whenClosed));
  for (const client of clients) {
    client.close(GOING_AWAY, 'server going away');
  }
  if ((await within(clock, closed, waitMs)) === 'timeout') {
    for (const client of clients) {
      client.terminate();
    }
  }
  return clients.length;
}
