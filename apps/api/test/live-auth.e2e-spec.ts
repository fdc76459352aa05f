import { LIVE_CONNECT_ERRORS } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { type ApiProcess, startApi } from './support/api-process.js';
import { connectLive, firstSnapshot, type LiveClient } from './support/live-client.js';
import { useTestDatabase } from './support/test-database.js';

const db = useTestDatabase();
const clients: LiveClient[] = [];

const start = (env: Record<string, string> = {}): Promise<ApiProcess> =>
  startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0', ...env } });
const live = (...args: Parameters<typeof connectLive>): LiveClient => {
  const client = connectLive(...args);
  clients.push(client);
  return client;
};
/** Waits for a `connect_error` with `message`; returns the last connect_error message seen either way. */
const refusal = async (client: LiveClient, message: string): Promise<string | null> => {
  await pollUntil(() => client.connectError() === message, {
    description: `connect_error "${message}"`,
  }).catch(() => null);
  return client.connectError();
};
const adminPort = (api: ApiProcess): string => new URL(api.adminUrl).port;

afterEach(() => clients.splice(0).forEach((client) => client.close()));

describe('live feed handshake', () => {
  it('refuses a missing token, a wrong token and another protocol version with a clear message', async () => {
    const api = await start();
    const cases = [
      { opts: {}, message: LIVE_CONNECT_ERRORS.TOKEN_MISSING },
      { opts: { token: `${api.token}-wrong` }, message: LIVE_CONNECT_ERRORS.TOKEN_INVALID },
      {
        opts: { auth: { token: api.token, protocolVersion: 999 } },
        message: LIVE_CONNECT_ERRORS.PROTOCOL_MISMATCH,
      },
    ];
    for (const { opts, message } of cases) {
      const client = live(api.adminUrl, opts);
      expect(await refusal(client, message)).toBe(message);
      expect(client.lastSnapshot()).toBeNull();
      // The server also closes the underlying connection.
      await pollUntil(() => client.socket.io.engine?.readyState === 'closed', {
        description: 'the connection to close',
      });
    }
    const accepted = live(api.adminUrl, { token: api.token });
    expect((await firstSnapshot(accepted)).state).toBe('serving');
    await api.stop();
  });

  it('reconnects on its own to the next process, and refuses the old token once ADMIN_TOKEN was rotated', async () => {
    const first = await start();
    const port = adminPort(first);
    const client = live(first.adminUrl, { token: first.token, reconnection: true });
    const before = await firstSnapshot(client);
    expect((await first.stop()).code).toBe(0);
    await pollUntil(() => client.events.some((event) => event.name === 'bye'), { description: 'bye' });

    const second = await start({ ADMIN_PORT: port, ADMIN_TOKEN: first.token });
    const after = await pollUntil(
      () => {
        const snapshot = client.lastSnapshot();
        return snapshot && snapshot.instanceId !== before.instanceId ? snapshot : null;
      },
      { timeoutMs: 15_000, description: 'a snapshot from the new process' },
    );
    expect(after.state).toBe('serving');
    expect((await second.stop()).code).toBe(0);

    const rotated = await start({ ADMIN_PORT: port, ADMIN_TOKEN: `${first.token}-rotated` });
    expect(await refusal(client, LIVE_CONNECT_ERRORS.TOKEN_INVALID)).toBe(LIVE_CONNECT_ERRORS.TOKEN_INVALID);
    const old = live(rotated.adminUrl, { token: first.token });
    expect(await refusal(old, LIVE_CONNECT_ERRORS.TOKEN_INVALID)).toBe(LIVE_CONNECT_ERRORS.TOKEN_INVALID);
    expect((await firstSnapshot(live(rotated.adminUrl, { token: rotated.token }))).state).toBe('serving');
    await rotated.stop();
  }, 90_000);
});
