import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

import type { DrainEvent } from '@drainboard/contracts';

import { realClock } from '../clock/real-clock.js';
import { DrainEvents, type RequestEnd } from '../events/drain-events.js';
import { getRequestAbortSignal } from './request-abort-signal.js';
import { TrafficServer } from './traffic-server.js';

let server: http.Server;
let traffic: TrafficServer;
let events: DrainEvents;
let port: number;
const release: Array<() => void> = [];

beforeEach(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/hold')) {
      release.push(() => res.end('late'));
    } else {
      res.end('ok');
    }
  });
  events = new DrainEvents(realClock);
  traffic = new TrafficServer(realClock, events);
  traffic.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  release.splice(0).forEach((r) => r());
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A raw keep-alive socket that sends `count` requests one after the other and resolves on each response. */
function rawClient(): {
  socket: net.Socket;
  request: (path: string) => Promise<string>;
  closed: Promise<{ sawEnd: boolean; error: string | null }>;
} {
  const socket = net.connect(port, '127.0.0.1');
  const state = { sawEnd: false, error: null as string | null };
  socket.on('end', () => (state.sawEnd = true));
  socket.on('error', (e: NodeJS.ErrnoException) => (state.error = e.code ?? null));
  const closed = new Promise<typeof state>((resolve) => socket.once('close', () => resolve(state)));
  const request = (path: string): Promise<string> =>
    new Promise((resolve) => {
      let seen = '';
      const onData = (chunk: Buffer): void => {
        seen += chunk.toString();
        if (/\r\n\r\n[\s\S]*(ok|late)$/.test(seen)) {
          socket.off('data', onData);
          resolve(seen);
        }
      };
      socket.on('data', onData);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
  return { socket, request, closed };
}

const until = async (check: () => boolean): Promise<void> => {
  const end = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('condition not met in 2 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('TrafficServer', () => {
  it('lists in-flight requests with their path and forgets them once answered', async () => {
    const client = rawClient();
    const answer = client.request('/hold?x=1');
    await until(() => traffic.requests.inFlight().length === 1);
    expect(traffic.requests.inFlight()[0]?.req.method).toBe('GET');
    expect(traffic.connections.counts()).toMatchObject({ total: 1, busy: 1, idle: 0 });
    release.shift()!();
    await answer;
    expect(traffic.requests.inFlight()).toHaveLength(0);
    expect(traffic.connections.counts()).toMatchObject({ total: 1, busy: 0, idle: 1 });
    client.socket.destroy();
  });

  it('hands each ended request to request-end listeners; the run stream carries no per-request event', async () => {
    const ended: RequestEnd[] = [];
    const runStream: DrainEvent[] = [];
    const stop = events.onRequestEnd((e) => ended.push(e));
    const subscription = events.runSubject.subscribe((e) => runStream.push(e));
    const client = rawClient();
    await client.request('/first?q=1');
    const held = client.request('/hold');
    await until(() => traffic.requests.inFlight().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    release.shift()!();
    await held;
    await until(() => ended.length === 2);
    expect(ended[0]).toMatchObject({ method: 'GET', route: '/first', statusCode: 200 });
    expect(ended[1]).toMatchObject({ method: 'GET', route: '/hold', statusCode: 200 });
    expect(ended[1]!.durationMs).toBeGreaterThanOrEqual(25);
    expect(runStream).toEqual([]);
    stop();
    await client.request('/after-stop');
    expect(ended).toHaveLength(2);
    subscription.unsubscribe();
    client.socket.destroy();
  });

  it('still builds request-start and request-end events for subscribers of the full stream', async () => {
    const seen: DrainEvent[] = [];
    const subscription = events.subject.subscribe((e) => seen.push(e));
    const client = rawClient();
    await client.request('/full');
    await until(() => seen.length === 2);
    expect(seen.map((e) => e.type)).toEqual(['request-start', 'request-end']);
    expect(seen[1]).toMatchObject({ route: '/full', statusCode: 200, at: expect.any(String) });
    subscription.unsubscribe();
    client.socket.destroy();
  });

  it('stops counting a request whose client went away (close without finish)', async () => {
    const client = rawClient();
    void client.request('/hold');
    await until(() => traffic.requests.inFlight().length === 1);
    client.socket.destroy();
    await until(() => traffic.requests.inFlight().length === 0);
  });

  it('once closing, ends idle sockets with a FIN and answers in-flight requests with Connection: close', async () => {
    const idle = rawClient();
    await idle.request('/fast');
    const busy = rawClient();
    const answer = busy.request('/hold');
    await until(() => traffic.requests.inFlight().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await traffic.closeListener();
    traffic.startClosing(50);
    expect(await idle.closed).toEqual({ sawEnd: true, error: null });
    release.shift()!();
    expect(await answer).toMatch(/Connection: close/i);
    expect(await busy.closed).toEqual({ sawEnd: true, error: null });
  });

  it('serves a request written on a just-used socket during its last call', async () => {
    const client = rawClient();
    await client.request('/fast');
    traffic.startClosing(1000);
    const answer = await client.request('/fast');
    expect(answer).toMatch(/200 OK[\s\S]*Connection: close/i);
    expect(await client.closed).toEqual({ sawEnd: true, error: null });
  });

  it('tracks a request answered through a checkContinue listener (Expect: 100-continue)', async () => {
    server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeContinue();
      release.push(() => res.end('ok'));
      req.resume();
    });
    const client = net.connect(port, '127.0.0.1');
    client.write('POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nhi');
    await until(() => traffic.requests.inFlight().length === 1);
    expect(traffic.requests.inFlight()[0]?.req.url).toBe('/up');
    release.shift()!();
    await until(() => traffic.requests.inFlight().length === 0);
    client.destroy();
  });

  it('counts sockets the client closed, by FIN or by reset', async () => {
    const before = traffic.connections.ledger().closed;
    const fin = rawClient();
    await fin.request('/fast');
    fin.socket.end();
    const reset = rawClient();
    await reset.request('/fast');
    reset.socket.resetAndDestroy();
    await until(() => traffic.connections.sockets.size === 0);
    const after = traffic.connections.ledger().closed;
    expect(after.closedByClient - before.closedByClient).toBe(2);
    expect(after.other - before.other).toBe(0);
  });

  it('gives a request it does not track an AbortSignal of its own that never fires', () => {
    const untracked = { socket: {} };
    const one = getRequestAbortSignal(untracked);
    const two = getRequestAbortSignal(untracked);
    expect(one).not.toBe(two);
    expect(one.aborted).toBe(false);
  });

  it('refuses new connections after closeListener and accepts them again after relisten', async () => {
    await traffic.closeListener();
    const refused = await new Promise<string | null>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => resolve(null));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? null));
    });
    expect(refused).toBe('ECONNREFUSED');
    await traffic.relisten();
    const client = rawClient();
    expect(await client.request('/fast')).toMatch(/ok$/);
    client.socket.destroy();
  });
});
