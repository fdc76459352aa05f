import http from 'node:http';
import net from 'node:net';

import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

import type { RequestResult } from './http-clients.js';

/** A TCP front sending each connection to the first port that accepts it: a balancer's failover, in small. */
export async function failoverProxy(ports: number[]): Promise<{ port: number; close: () => void }> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    const tryPort = (i: number): void => {
      const port = ports[i];
      if (port === undefined) {
        return void client.destroy();
      }
      const upstream = net.connect(port, '127.0.0.1');
      let connected = false;
      open.add(upstream);
      upstream.once('error', () => (connected ? client.destroy() : tryPort(i + 1)));
      upstream.once('connect', () => {
        connected = true;
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
    };
    tryPort(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      server.close();
      open.forEach((s) => s.destroy());
    },
  };
}

const result = (ok: boolean, detail: string, endedAt: number): RequestResult => ({
  status: ok ? 200 : null,
  body: detail,
  error: ok ? null : detail,
  connection: null,
  endedAt,
});

/** A socket.io client on one transport; `outcome(pidB)` says how it left A and whether it reached B. */
export function socketIoClient(port: number, transport: 'websocket' | 'polling') {
  const socket: Socket = io(`http://127.0.0.1:${port}/demo`, {
    transports: [transport],
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
  });
  const hellos: number[] = [];
  let reason: string | null = null;
  let disconnectedAt = 0;
  socket.on('hello', (msg: { pid: number }) => hellos.push(msg.pid));
  socket.on('disconnect', (why) => {
    reason ??= why;
    disconnectedAt ||= Date.now();
  });
  return {
    socket,
    connectedTo: (): number | undefined => hellos[0],
    reconnected: (pid: number): boolean => hellos.includes(pid),
    /** Clean: left with `transport close` (the client reconnects by itself) and reached instance `pid`. */
    outcome: (pid: number): RequestResult =>
      result(
        reason === 'transport close' && hellos.includes(pid),
        `${transport}: ${reason ?? 'still connected'}, then ${hellos.join(' -> ')}`,
        disconnectedAt,
      ),
  };
}

/** A plain WebSocket client of `/demo/ws`; clean when it gets close code 1001. */
export function wsClient(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/demo/ws`);
  let code: number | null = null;
  let closedAt = 0;
  ws.on('error', () => undefined);
  const closed = new Promise<void>((resolve) =>
    ws.on('close', (c) => {
      code = c;
      closedAt = Date.now();
      resolve();
    }),
  );
  const opened = new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('close', () => resolve(false));
  });
  return {
    ws,
    opened,
    closed,
    outcome: (): RequestResult => result(code === 1001, `ws: close ${code}`, closedAt),
  };
}

/** An SSE client of `/demo/events`; clean when the stream ends without error after an event with `retry:`. */
export function sseClient(port: number) {
  let body = '';
  let error: string | null = null;
  let endedAt = 0;
  let req: http.ClientRequest;
  const ended = new Promise<void>((resolve) => {
    req = http.get({ host: '127.0.0.1', port, path: '/demo/events', agent: false }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ((endedAt = Date.now()), resolve()));
      res.on('error', (e: NodeJS.ErrnoException) => ((error = e.code ?? e.message), resolve()));
    });
    req.on('error', (e: NodeJS.ErrnoException) => ((error = e.code ?? e.message), resolve()));
  });
  const lastEvent = (): string => body.trim().split('\n\n').at(-1) ?? '';
  return {
    started: () => body.includes('event: tick'),
    ended,
    destroy: () => req.destroy(),
    outcome: (): RequestResult =>
      result(
        error === null && endedAt > 0 && /^retry: \d+$/m.test(lastEvent()),
        `sse: ${error ?? (endedAt ? 'ended' : 'open')}; last: ${lastEvent()}`,
        endedAt,
      ),
  };
}
