import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Server } from 'socket.io';

/** Longest a connection attempt of the adapter may take. */
const CONNECT_TIMEOUT_MS = 3000;
/** Node heartbeats of the adapter itself (we never count nodes: commands carry their own replies and timeouts). */
const ADAPTER_HEARTBEAT_MS = 30_000;

/** Closes what `attachPostgresAdapter` opened. */
export type DetachAdapter = () => Promise<void>;

/**
 * The `pg.Pool` face `@socket.io/postgres-adapter` uses, split in two:
 * - `connect()` (the adapter's LISTEN connection) opens a dedicated client, never pooled. The adapter never
 *   releases a client whose connection died (it only schedules a new `connect()`), so a pooled one would leak one
 *   pool slot per Postgres restart; a dedicated client has an `error` listener, so a restart cannot crash us.
 * - `query()` (NOTIFY and the attachments clean-up) runs on a pool of ONE connection: notifications are sent one
 *   after the other, in the order they were emitted, so a client sees a remote instance's stages in order.
 */
function adapterPool(url: string, onError: (error: Error) => void): { pool: pg.Pool; end(): Promise<void> } {
  const publisher = new pg.Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  publisher.on('error', onError);
  const listeners = new Set<pg.Client>();
  const connect = async (): Promise<pg.PoolClient> => {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    client.on('error', onError);
    await client.connect();
    listeners.add(client);
    client.once('end', () => listeners.delete(client));
    const release = (): void => void client.end().catch(() => undefined);
    return Object.assign(client, { release });
  };
  const pool = { connect, query: publisher.query.bind(publisher) } as unknown as pg.Pool;
  return {
    pool,
    end: async () => {
      for (const client of listeners) {
        client.removeAllListeners('end');
        await client.end().catch(() => undefined);
      }
      await publisher.end().catch(() => undefined);
    },
  };
}

/**
 * Puts the socket.io server of the admin port on `@socket.io/postgres-adapter` (LISTEN/NOTIFY on the API's own
 * database; payloads over 8 kB go through the `socket_io_attachments` table). Every namespace of the server gets
 * it, so `serverSideEmit` reaches the other instances. Returns how to close it (after the server has closed).
 */
export function attachPostgresAdapter(
  server: Server,
  url: string,
  onError: (error: Error) => void,
): DetachAdapter {
  const { pool, end } = adapterPool(url, onError);
  server.adapter(
    createAdapter(pool, {
      errorHandler: onError,
      heartbeatInterval: ADAPTER_HEARTBEAT_MS,
      heartbeatTimeout: ADAPTER_HEARTBEAT_MS * 3,
    }),
  );
  return end;
}
