import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';

import pino from 'pino';

import { pollUntil } from '@drainboard/test-support';

import { attachRequestLog } from './request-log.js';

interface Line {
  level: number;
  msg: string;
  reqId: string;
  req: { id: string; method: string; url: string };
  res: { statusCode: number };
  responseTime: number;
  err?: { message: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A real HTTP server whose handler answers by path; `req.id` is sent back in the body. */
function handler(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/cut') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
    return; // never ends: the client goes away
  }
  const status = path === '/missing' ? 404 : path === '/broken' ? 500 : 200;
  res.writeHead(status, { 'content-type': 'text/plain' }).end((req as { id?: string }).id ?? 'no id');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let server: Server;
let other: Server;
let base: string;
let otherBase: string;
const lines: Line[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  server = http.createServer(handler);
  server.on('connection', (socket) => sockets.push(socket));
  attachRequestLog(server, logger);
  // A second server of the same process (the admin port): Node's channels publish its requests too.
  other = http.createServer(handler);
  base = await listen(server);
  otherBase = await listen(other);
});

afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

beforeEach(() => {
  lines.length = 0;
});

const linesFor = (count: number): Promise<Line[]> =>
  pollUntil(() => (lines.length >= count ? [...lines] : null), {
    timeoutMs: 5000,
    description: `${count} request lines`,
  });

describe('attachRequestLog', () => {
  it('logs each request once when it ends, with the caller id or a new UUID sent back and set as req.id', async () => {
    const given = await fetch(`${base}/ok?a=1`, { headers: { 'x-request-id': 'lb-77.x' } });
    const fresh = await fetch(`${base}/ok`);
    const unsafe = await fetch(`${base}/ok`, { headers: { 'x-request-id': 'a b' } });
    const freshId = fresh.headers.get('x-request-id') ?? '';

    expect(given.headers.get('x-request-id')).toBe('lb-77.x');
    expect(await given.text()).toBe('lb-77.x');
    expect(freshId).toMatch(UUID);
    expect(await fresh.text()).toBe(freshId);
    expect(unsafe.headers.get('x-request-id')).toMatch(UUID);
    const logged = await linesFor(3);
    expect(logged.map((line) => [line.level, line.reqId, line.req, line.res.statusCode])).toEqual([
      [30, 'lb-77.x', { id: 'lb-77.x', method: 'GET', url: '/ok?a=1' }, 200],
      [30, freshId, { id: freshId, method: 'GET', url: '/ok' }, 200],
      [30, unsafe.headers.get('x-request-id'), expect.objectContaining({ url: '/ok' }), 200],
    ]);
    expect(logged[0]!.msg).toMatch(/^GET \/ok\?a=1 200 in \d+ ms$/);
    expect(logged.every((line) => typeof line.responseTime === 'number')).toBe(true);
  });

  it('logs 4xx as warnings and 5xx as errors', async () => {
    await fetch(`${base}/missing`);
    await fetch(`${base}/broken`, { method: 'POST', body: 'x' });
    const logged = await linesFor(2);
    expect(logged.map((line) => [line.level, line.req.method, line.res.statusCode])).toEqual([
      [40, 'GET', 404],
      [50, 'POST', 500],
    ]);
    expect(logged[1]!.err?.message).toBe('failed with status code 500');
    expect(logged[1]!.msg).toBe('POST /broken 500: failed with status code 500');
  });

  it('logs a response cut off by its client as an error once the connection closes', async () => {
    const request = http.get(`${base}/cut`);
    request.on('error', () => undefined);
    const response = await new Promise<IncomingMessage>((resolve) => request.once('response', resolve));
    const id = response.headers['x-request-id'];
    request.destroy();
    const [line] = await linesFor(1);
    expect(line).toMatchObject({
      level: 50,
      reqId: id,
      req: { method: 'GET', url: '/cut' },
      msg: 'GET /cut cut off: response cut off',
      err: { message: 'response cut off' },
    });
  });

  it('logs pipelined requests in order, and what the closing connection cut off', async () => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.on('data', () => undefined);
    const ask = (path: string, id: string): string =>
      `GET ${path} HTTP/1.1\r\nhost: x\r\nx-request-id: ${id}\r\n\r\n`;
    socket.write(ask('/ok', 'p-1') + ask('/missing', 'p-2') + ask('/cut', 'p-3'));
    await linesFor(2);
    socket.destroy();
    const logged = await linesFor(3);
    expect(logged.map((line) => [line.reqId, line.res.statusCode, line.level])).toEqual([
      ['p-1', 200, 30],
      ['p-2', 404, 40],
      ['p-3', 200, 50],
    ]);
  });

  it('adds one listener per connection, not per request', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (): Promise<void> =>
      new Promise((resolve, reject) =>
        http.get(`${base}/ok`, { agent }, (res) => res.resume().once('end', resolve)).once('error', reject),
      );
    await get();
    const socket = sockets.at(-1)!;
    const afterOne = socket.listenerCount('close');
    for (let i = 0; i < 20; i += 1) {
      await get();
    }
    expect(sockets.at(-1)).toBe(socket);
    expect(socket.listenerCount('close')).toBe(afterOne);
    expect((await linesFor(21)).length).toBe(21);
    agent.destroy();
  });

  it('leaves the servers it is not attached to alone', async () => {
    const res = await fetch(`${otherBase}/missing`);
    expect(res.headers.get('x-request-id')).toBeNull();
    await fetch(`${base}/ok`);
    const logged = await linesFor(1);
    expect(logged.map((line) => line.req.url)).toEqual(['/ok']);
  });
});
