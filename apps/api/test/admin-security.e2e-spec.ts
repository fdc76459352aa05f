import { io, type Socket } from 'socket.io-client';

import {
  type AuditEntry,
  type AuditPage,
  type DrainRun,
  LIVE_CONNECT_ERRORS,
  LIVE_NAMESPACE,
  LIVE_PROTOCOL_VERSION,
} from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { send, type SendOptions } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

const ALICE = 'alice-operator-token-0123456789';
const VIC = 'vic-viewer-token-0123456789';
const READ_LIMIT = 200;
const LIVE_CAP = 3;
/** The default of AUTH_FAILURES_PER_MINUTE. */
const FAILURE_LIMIT = 20;

/** Each scenario comes from its own loopback address, so the per-address limits of one do not touch another. */
const FROM = {
  roles: '127.0.0.1',
  attacker: '127.0.0.2',
  colleague: '127.0.0.3',
  reader: '127.0.0.4',
  liveCap: '127.0.0.5',
  liveGuesser: '127.0.0.6',
};

const db = useTestDatabase();
let api: ApiProcess;
const sockets: Socket[] = [];

beforeAll(async () => {
  api = await startApi({
    env: {
      DATABASE_URL: db.url,
      DEMO_JOB_INTERVAL_MS: '0',
      ADMIN_TOKENS: `alice:operator:${ALICE},vic:viewer:${VIC}`,
      ADMIN_READS_PER_MINUTE: String(READ_LIMIT),
      LIVE_CONNECTIONS_PER_ADDRESS: String(LIVE_CAP),
    },
  });
}, 60_000);

afterAll(() => {
  for (const socket of sockets) {
    socket.close();
  }
});

const call = (path: string, token: string | undefined, opts: Omit<SendOptions, 'token'> = {}) =>
  send(`${api.adminUrl}${path}`, { token, localAddress: FROM.roles, ...opts });

const post = (path: string, token: string, body?: unknown) =>
  call(path, token, {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

/** Outcome of one live-feed handshake: connected, or the `connect_error` message and data. */
type Handshake = { connected: true; socket: Socket } | { connected: false; message: string; data: unknown };

function handshake(
  namespace: string,
  auth: Record<string, unknown>,
  localAddress: string,
): Promise<Handshake> {
  const socket = io(`${api.adminUrl}${namespace}`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 5000,
    // engine.io-client hands `localAddress` to the ws client in Node (not in its typings).
    ...({ localAddress } as object),
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ connected: true, socket }));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      resolve({ connected: false, message: error.message, data: error.data });
    });
  });
}

const live = (token: string, localAddress: string) =>
  handshake(LIVE_NAMESPACE, { token, protocolVersion: LIVE_PROTOCOL_VERSION }, localAddress);

describe('named admin tokens and roles', () => {
  it('lets a viewer read state, runs, audit and the live feed, and refuses drain, resume and stop with 403', async () => {
    for (const path of ['/admin/state', '/admin/runs', '/admin/audit']) {
      expect({ path, status: (await call(path, VIC)).status }).toEqual({ path, status: 200 });
    }
    const feed = await live(VIC, FROM.roles);
    expect(feed.connected).toBe(true);
    if (feed.connected) {
      feed.socket.close();
    }
    for (const path of ['/admin/drain', '/admin/resume', '/admin/stop']) {
      const res = await post(path, VIC, path === '/admin/resume' ? undefined : { reason: 'viewer try' });
      expect({ path, status: res.status, body: res.json }).toEqual({
        path,
        status: 403,
        body: {
          statusCode: 403,
          code: 'FORBIDDEN_ROLE',
          message: 'The viewer token "vic" may not POST this route',
        },
      });
    }
    expect((await call('/admin/state', VIC)).json).toMatchObject({ state: 'serving' });
  });

  it("stores the operator's token name on the run's trigger, shown in history", async () => {
    const drain = await post('/admin/drain', ALICE, { reason: 'named drain' });
    expect(drain.status).toBe(202);
    const run = drain.json as DrainRun;
    expect(run.trigger).toMatchObject({ source: 'admin', caller: 'alice', reason: 'named drain' });
    await pollUntil(
      async () => ((await call('/admin/state', ALICE)).json as { state: string }).state === 'drained',
      {
        description: 'drained',
      },
    );
    expect((await post('/admin/resume', api.token)).status).toBe(200);
    const stored = await pollUntil(async () => {
      const res = await call(`/admin/runs/${run.id}`, VIC);
      return res.status === 200 && (res.json as DrainRun);
    });
    expect(stored.trigger.caller).toBe('alice');
  });

  it('keeps one audit row per mutating call with who, what, target, where from and the result, page by page', async () => {
    const expected = [
      { actor: 'admin', role: 'operator', action: 'POST /admin/resume', status: 200, code: null },
      { actor: 'alice', role: 'operator', action: 'POST /admin/drain', status: 202, code: null },
      { actor: 'vic', role: 'viewer', action: 'POST /admin/stop', status: 403, code: 'FORBIDDEN_ROLE' },
      { actor: 'vic', role: 'viewer', action: 'POST /admin/resume', status: 403, code: 'FORBIDDEN_ROLE' },
      { actor: 'vic', role: 'viewer', action: 'POST /admin/drain', status: 403, code: 'FORBIDDEN_ROLE' },
    ];
    const page = await pollUntil(async () => {
      const res = await call('/admin/audit', VIC);
      return (res.json as AuditPage).entries.length >= expected.length && (res.json as AuditPage);
    });
    const instanceId = ((await call('/admin/state', VIC)).json as { instanceId: string }).instanceId;
    const where = { target: instanceId, instanceId, ip: FROM.roles };
    expect(
      page.entries.map(({ actor, role, action, status, code, target, instanceId: at, ip }) => ({
        actor,
        role,
        action,
        status,
        code,
        target,
        instanceId: at,
        ip,
      })),
    ).toEqual(expected.map((entry) => ({ ...entry, ...where })));

    const paged: AuditEntry[] = [];
    let before: string | null = null;
    do {
      const query: string = before ? `?limit=2&before=${encodeURIComponent(before)}` : '?limit=2';
      const res = (await call(`/admin/audit${query}`, VIC)).json as AuditPage;
      paged.push(...res.entries);
      before = res.nextBefore;
    } while (before);
    expect(paged.map((entry) => entry.id)).toEqual(page.entries.map((entry) => entry.id));
  });

  it('never prints a token', () => {
    const output = api.stdout() + api.stderr();
    for (const token of [ALICE, VIC, api.token]) {
      expect(output).not.toContain(token);
    }
  });
});

describe('throttling per client address', () => {
  it('answers 429 with Retry-After after the failure limit of 1,000 wrong tokens, while another address still gets in', async () => {
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let i = 0; i < 1000; i += 8) {
      const batch = Array.from({ length: Math.min(8, 1000 - i) }, (_, j) =>
        send(`${api.adminUrl}/admin/state`, { token: `wrong-${i + j}`, localAddress: FROM.attacker }),
      );
      for (const res of await Promise.all(batch)) {
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers['retry-after'];
        }
      }
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(FAILURE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1000 - FAILURE_LIMIT);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);

    const blocked = await send(`${api.adminUrl}/admin/state`, { token: ALICE, localAddress: FROM.attacker });
    expect({ status: blocked.status, code: (blocked.json as { code: string }).code }).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
    });
    const refused = await live(ALICE, FROM.attacker);
    expect(refused).toMatchObject({
      connected: false,
      message: LIVE_CONNECT_ERRORS.RATE_LIMITED,
      data: { status: 429, retryAfterSeconds: expect.any(Number) },
    });

    const colleague = await send(`${api.adminUrl}/admin/state`, {
      token: ALICE,
      localAddress: FROM.colleague,
    });
    expect(colleague.status).toBe(200);
    expect((await live(VIC, FROM.colleague)).connected).toBe(true);
  });

  it('counts failed live-feed handshakes against the same limit', async () => {
    const refusals: string[] = [];
    for (let i = 0; i <= FAILURE_LIMIT; i++) {
      const result = await live(`guess-${i}`, FROM.liveGuesser);
      refusals.push(result.connected ? 'connected' : result.message);
    }
    expect(refusals.slice(0, FAILURE_LIMIT)).toEqual(
      Array(FAILURE_LIMIT).fill(LIVE_CONNECT_ERRORS.TOKEN_INVALID),
    );
    expect(refusals.at(-1)).toBe(LIVE_CONNECT_ERRORS.RATE_LIMITED);
    const http = await send(`${api.adminUrl}/admin/state`, { token: VIC, localAddress: FROM.liveGuesser });
    expect(http.status).toBe(429);
  });

  it('limits authenticated reads per address with their own, higher limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= READ_LIMIT; i += 10) {
      const batch = Array.from({ length: 10 }, () =>
        send(`${api.adminUrl}/admin/state`, { token: VIC, localAddress: FROM.reader }),
      );
      statuses.push(...(await Promise.all(batch)).map((res) => res.status));
    }
    expect(statuses.slice(0, READ_LIMIT).every((s) => s === 200)).toBe(true);
    const over = await send(`${api.adminUrl}/admin/runs`, { token: VIC, localAddress: FROM.reader });
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toMatch(/^\d+$/);
  });

  it(`caps live-feed connections at ${LIVE_CAP} per address and refuses the default namespace`, async () => {
    const open = await Promise.all(Array.from({ length: LIVE_CAP }, () => live(VIC, FROM.liveCap)));
    expect(open.map((h) => h.connected)).toEqual(Array(LIVE_CAP).fill(true));
    expect((await live(VIC, FROM.liveCap)).connected).toBe(false);
    expect((await live(VIC, FROM.colleague)).connected).toBe(true);
    for (const h of open) {
      if (h.connected) {
        h.socket.close();
      }
    }
    await pollUntil(async () => (await live(VIC, FROM.liveCap)).connected, { description: 'a slot freed' });

    const root = await handshake('/', { token: VIC, protocolVersion: LIVE_PROTOCOL_VERSION }, FROM.colleague);
    expect(root).toMatchObject({ connected: false, message: LIVE_CONNECT_ERRORS.NAMESPACE_REFUSED });
  });
});

describe('headers and static files of the admin port', () => {
  it('sends helmet headers, a Content-Security-Policy and no-store on the admin API', async () => {
    const res = await call('/admin/state', VIC);
    expect(res.headers).toMatchObject({
      'content-security-policy': expect.stringContaining("script-src 'self'"),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    const docs = await call('/docs', undefined);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    expect(docs.headers['x-frame-options']).toBe('DENY');
  });

  it('answers unknown asset paths with 404 and only navigation paths with the console', async () => {
    for (const path of ['/assets/nonexistent.js', '/favicon.ico', '/assets/index.js.map']) {
      const res = await call(path, undefined);
      expect({ path, status: res.status, code: (res.json as { code?: string } | null)?.code }).toEqual({
        path,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    const page = await call('/history/some-run', undefined);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const scripts = [...page.text.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const js = await call(script, undefined);
      expect(js.status).toBe(200);
      expect(js.text).not.toContain('sourceMappingURL');
      expect((await call(`${script}.map`, undefined)).status).toBe(404);
    }
  });
});
