import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

import { realClock } from '../clock/real-clock.js';
import { DrainEvents } from '../events/drain-events.js';
import { TrafficServer } from './traffic-server.js';

let server: http.Server;
let traffic: TrafficServer;
let port: number;
const sockets: net.Socket[] = [];

beforeEach(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/early') {
      return void res.end('early');
    }
    if (req.url === '/close') {
      res.setHeader('Connection', 'close');
    }
    setTimeout(() => res.end(`answer ${req.url ?? ''}`), 30);
  });
  traffic = new TrafficServer(realClock, new DrainEvents(realClock));
  traffic.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  sockets.splice(0).forEach((s) => s.destroy());
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A raw socket that collects everything it receives and how it ended. */
async function connect(): Promise<{ socket: net.Socket; text: () => string; closed: Promise<string> }> {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  let text = '';
  let error = 'none';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(error)));
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, text: () => text, closed };
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  const end = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const responses = (text: string): string[] => text.split('HTTP/1.1 ').slice(1);

describe('TrafficServer at the edges of HTTP', () => {
  it('counts a socket with part of a request head as busy and serves the request once it is in', async () => {
    const client = await connect();
    client.socket.write('GET /partial HT');
    await until(() => traffic.connections.counts().busy === 1, 'busy socket');
    traffic.startClosing(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(client.socket.readableEnded).toBe(false);
    client.socket.write('TP/1.1\r\nHost: x\r\n\r\n');
    expect(await client.closed).toBe('none');
    expect(client.text()).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*Connection: close[\s\S]*answer \/partial$/);
  });

  it('answers pipelined requests in order and announces the close on the last one only', async () => {
    const client = await connect();
    client.socket.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => traffic.requests.inFlight().length === 2, 'two requests');
    traffic.startClosing(0);
    expect(await client.closed).toBe('none');
    const [first, second] = responses(client.text());
    expect(first).toMatch(/keep-alive[\s\S]*answer \/1$/i);
    expect(second).toMatch(/Connection: close[\s\S]*answer \/2$/i);
    expect(traffic.requests.inFlight()).toHaveLength(0);
  });

  it('ends every request a socket carried when a Connection: close response ends it', async () => {
    const client = await connect();
    client.socket.write('GET /close HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
    await client.closed;
    await until(() => traffic.connections.sockets.size === 0, 'server side closed');
    expect(traffic.requests.inFlight()).toHaveLength(0);
    expect(responses(client.text())).toHaveLength(1);
    expect(traffic.connections.ledger().closed.afterLastResponse).toBe(1);
  });

  it('keeps an upload answered early in flight until its body has been read', async () => {
    const client = await connect();
    client.socket.write('POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
    await until(() => client.text().includes('early'), 'early response');
    traffic.startClosing(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(traffic.requests.inFlight()).toHaveLength(1);
    expect(client.socket.readableEnded).toBe(false);
    client.socket.write('defghij');
    expect(await client.closed).toBe('none');
    expect(traffic.requests.inFlight()).toHaveLength(0);
  });

  it('accounts for every socket by how it ended', async () => {
    const idle = await connect();
    const served = await connect();
    const leaving = await connect();
    served.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => traffic.requests.inFlight().length === 1, 'one request');
    const before = traffic.socketReading();
    leaving.socket.end();
    traffic.startClosing(0);
    await Promise.all([idle.closed, served.closed, leaving.closed]);
    await until(() => traffic.connections.sockets.size === 0, 'all closed');
    const closed = traffic.connections.ledger().closed;
    expect(closed.idleFin - before.ledger.closed.idleFin).toBe(1);
    expect(closed.afterLastResponse - before.ledger.closed.afterLastResponse).toBe(1);
    expect(closed.closedByClient - before.ledger.closed.closedByClient).toBe(1);
  });
});
