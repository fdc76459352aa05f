import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { io } from 'socket.io-client';

import { LIVE_PROTOCOL_VERSION } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { type RawResponse, send } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

/**
 * Property-based fuzzing of the whole admin surface of the built API: every route of its OpenAPI document with
 * generated path parameters, queries, headers, tokens and bodies, and the live-feed handshake with generated auth
 * payloads. Whatever comes in: never a 5xx, never a stack trace or a secret in a body, the process stays healthy
 * and its memory bounded. Runs are reproducible: fast-check prints the seed of a failure.
 */

const OPERATOR = 'fuzz-operator-token-0123456789';
const VIEWER = 'fuzz-viewer-token-0123456789';
const HTTP_RUNS = 1500;
const LIVE_RUNS = 80;
/** The API's resident memory may grow this much over the whole run (it is ~150 MB at rest). */
const MAX_RSS_GROWTH_BYTES = 150 * 1024 * 1024;

const db = useTestDatabase();
let api: ApiProcess;
let routes: { method: string; path: string }[];
const secrets = (): string[] => [OPERATOR, VIEWER, api.token, db.url];

beforeAll(async () => {
  api = await startApi({
    env: {
      DATABASE_URL: db.url,
      DEMO_JOB_INTERVAL_MS: '0',
      ADMIN_TOKENS: `ops:operator:${OPERATOR},eve:viewer:${VIEWER}`,
      // The fuzz must reach the handlers: throttling itself is tested in admin-security.e2e-spec.ts.
      AUTH_FAILURES_PER_MINUTE: '1000000',
      ADMIN_READS_PER_MINUTE: '1000000',
    },
  });
  const doc = (await send(`${api.adminUrl}/docs-json`)).json as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
}, 60_000);

function rss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) * 1024;
}

/** Text that tends to break parsers: Unicode, NUL, lone surrogates, encodings, injections. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '\u0000',
    '\ud800',
    'null',
    'NaN',
    '-1',
    '1e309',
    '2024-W01-1',
    '20240101',
    '0000-00-00',
  ),
  fc.constantFrom('%', '%ff', '%00', '..%2f..', "' OR 1=1 --", '${7*7}', '<script>', 'x'.repeat(3000)),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

/** Request bodies: arbitrary JSON, shaped admin bodies with wrong types, broken JSON and deep nesting. */
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc
    .record(
      {
        reason: fc.oneof(nasty, fc.jsonValue({ maxDepth: 2 })),
        deadlineMs: fc.oneof(
          fc.integer(),
          fc.double(),
          fc.constant(null),
          nasty,
          fc.jsonValue({ maxDepth: 2 }),
        ),
        mode: fc.oneof(fc.constantFrom('resume', 'stop'), nasty),
        instances: fc.array(nasty, { maxLength: 3 }),
        force: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  nasty,
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `{"reason":${'['.repeat(depth)}${']'.repeat(depth)}}`),
);

const token = fc.oneof(
  fc.constantFrom(OPERATOR, VIEWER, 'wrong-token'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 64 }),
);

/** Mostly valid tokens, so most requests reach validation and the handlers; the rest tries the guard. */
const authorization = fc.oneof(
  { arbitrary: fc.constantFrom(OPERATOR, VIEWER).map((value) => `Bearer ${value}`), weight: 6 },
  token.map((value) => `Bearer ${value}`),
  fc.constantFrom(
    '',
    'Bearer',
    'Basic YWRtaW46YWRtaW4=',
    `bearer  ${OPERATOR}`,
    `Bearer ${'a'.repeat(8000)}`,
  ),
  fc.constant(undefined),
);

const request = fc.record({
  route: fc.nat(),
  param: nasty,
  query: fc.array(fc.tuple(fc.constantFrom('limit', 'before', 'deadlineMs', 'id', 'x', '__proto__'), nasty), {
    maxLength: 3,
  }),
  authorization,
  contentType: fc.option(
    fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
      'x/y',
    ),
    { nil: undefined },
  ),
  body: fc.option(body, { nil: undefined }),
  // Mutations are rate limited per address and endpoint: spread them over loopback addresses.
  source: fc.integer({ min: 2, max: 250 }),
});

/** What the fuzz must never see in an answer. Readiness answers 503 while drained: that is its contract. */
function problemsOf(path: string, res: RawResponse): string[] {
  const found: string[] = [];
  if (res.status >= 500 && !(path === '/health/ready' && res.status === 503)) {
    found.push(`status ${res.status}`);
  }
  if (/\bat .+\.(js|ts):\d+|node_modules|\/work\//.test(res.text)) {
    found.push('a stack trace or a path');
  }
  for (const secret of secrets()) {
    if (res.text.includes(secret)) {
      found.push('a secret');
    }
  }
  return found;
}

const enc = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[^\w-]/g, '_');
  }
};

describe('fuzzing the admin API and the live feed', () => {
  it(`answers ${HTTP_RUNS} generated requests over every admin route without a 5xx, a stack or a secret`, async () => {
    expect(routes.length).toBeGreaterThan(5);
    const rssBefore = rss(api.proc.pid!);
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const route = routes[input.route % routes.length]!;
        // An operator's valid stop (or rolling stop) would end the process under test: such bodies carry a field
        // no DTO accepts, so they are still parsed and validated but can never run.
        const stopping = /stop|rolling/.test(route.path) && input.authorization?.includes(OPERATOR);
        const path = route.path.replace(/\{\w+\}/g, enc(input.param));
        const query = input.query.map(([key, value]) => `${key}=${enc(value)}`).join('&');
        const headers: Record<string, string> = {};
        if (input.authorization !== undefined) {
          headers.authorization = input.authorization;
        }
        if (input.contentType !== undefined) {
          headers['content-type'] = input.contentType;
        }
        if (stopping && route.method !== 'DELETE') {
          headers['content-type'] = 'application/json';
        }
        const res = await send(`${api.adminUrl}${path}${query ? `?${query}` : ''}`, {
          method: route.method,
          headers,
          body: stopping && route.method !== 'DELETE' ? poison(input.body) : input.body,
          localAddress: `127.0.0.${input.source}`,
        });
        expect({ route: `${route.method} ${route.path}`, problems: problemsOf(route.path, res) }).toEqual({
          route: `${route.method} ${route.path}`,
          problems: [],
        });
      }),
      { numRuns: HTTP_RUNS },
    );
    expect(api.proc.exitCode).toBeNull();
    expect((await send(`${api.adminUrl}/health/live`)).status).toBe(200);
    expect(rss(api.proc.pid!) - rssBefore).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  }, 180_000);

  it(`refuses or accepts ${LIVE_RUNS} generated live-feed handshakes cleanly`, async () => {
    const payload = fc.oneof(
      fc.record(
        {
          token: fc.oneof(token, fc.jsonValue({ maxDepth: 2 })),
          protocolVersion: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: [] },
      ),
      fc.record({
        token: fc.constantFrom(OPERATOR, VIEWER),
        protocolVersion: fc.constant(LIVE_PROTOCOL_VERSION),
      }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
    );
    const namespace = fc.oneof(
      fc.constant('/live'),
      fc.constantFrom('/', '/admin', '/live/x'),
      nasty.map((s) => `/${enc(s)}`),
    );
    await fc.assert(
      fc.asyncProperty(payload, namespace, fc.integer({ min: 2, max: 250 }), async (auth, nsp, source) => {
        const outcome = await new Promise<string>((resolve) => {
          const socket = io(`${api.adminUrl}${nsp}`, {
            auth,
            transports: ['websocket'],
            forceNew: true,
            reconnection: false,
            timeout: 5000,
            ...({ localAddress: `127.0.0.${source}` } as object),
          });
          socket.once('connect', () => {
            socket.close();
            resolve('connected');
          });
          socket.once('connect_error', (error: Error) => {
            socket.close();
            resolve(error.message);
          });
        });
        for (const secret of secrets()) {
          expect(outcome).not.toContain(secret);
        }
        expect(outcome).not.toMatch(/\bat .+\.js:\d+/);
      }),
      { numRuns: LIVE_RUNS },
    );
    expect((await send(`${api.adminUrl}/health/live`)).status).toBe(200);
  }, 120_000);

  it('is still healthy and serving afterwards', async () => {
    await send(`${api.adminUrl}/admin/resume`, {
      method: 'POST',
      token: OPERATOR,
      localAddress: '127.0.0.251',
    });
    await pollUntil(async () => (await send(`${api.adminUrl}/health/ready`)).status === 200, {
      description: 'ready again',
    });
    expect((await send(`${api.trafficUrl}/demo/fast`)).status).toBe(200);
    expect(api.proc.exitCode).toBeNull();
    expect(api.stderr()).not.toMatch(/Unhandled error in the admin API/);
  });
});

/**
 * The body with a field no DTO accepts: only a JSON object can be a valid command, so a `"fuzz":true` member is
 * added right after its opening brace (text only: the body may be nested too deep for JSON.parse/stringify).
 */
function poison(body: string | undefined): string {
  const start = body?.indexOf('{') ?? -1;
  if (body === undefined || start === -1 || body.slice(0, start).trim() !== '') {
    return '{"fuzz":true}';
  }
  return `${body.slice(0, start + 1)}"fuzz":true,${body.slice(start + 1)}`;
}
