import net from 'node:net';

import type { RequestResult } from './http-clients.js';

/** A raw TCP client that writes bytes exactly as told and parses the HTTP/1.1 responses it gets back. */
export interface RawClient {
  socket: net.Socket;
  write: (data: string | Buffer) => void;
  /** Resolves with `count` results: the responses received, then one failure per missing response. */
  responses: (count: number) => Promise<RequestResult[]>;
}

interface Parsed {
  status: number;
  connection: string | null;
  body: string;
  endedAt: number;
}

/** Parses the complete responses (Content-Length framed) at the start of `buffer`. */
function parseResponses(input: Buffer, into: Parsed[]): Buffer {
  let buffer: Buffer = input;
  for (;;) {
    const headEnd = buffer.indexOf('\r\n\r\n');
    if (headEnd === -1) {
      return buffer;
    }
    const head = buffer.subarray(0, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (buffer.length < headEnd + 4 + length) {
      return buffer;
    }
    into.push({
      status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0),
      connection: /\r\nconnection: *([^\r]*)/i.exec(head)?.[1] ?? null,
      body: buffer.subarray(headEnd + 4, headEnd + 4 + length).toString(),
      endedAt: Date.now(),
    });
    buffer = buffer.subarray(headEnd + 4 + length);
  }
}

/** Connects and resolves once connected (the kernel completes the handshake even if the server is busy). */
export async function rawClient(port: number, firstBytes?: string): Promise<RawClient> {
  const socket = net.connect(port, '127.0.0.1');
  const parsed: Parsed[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let error: string | null = null;
  socket.on('data', (chunk: Buffer) => (pending = parseResponses(Buffer.concat([pending, chunk]), parsed)));
  socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  await new Promise<void>((resolve) =>
    socket.once('connect', () => {
      if (firstBytes) {
        socket.write(firstBytes);
      }
      resolve();
    }),
  );
  const write = (data: string | Buffer): void => {
    if (!socket.destroyed) {
      socket.write(data);
    }
  };
  const responses = async (count: number): Promise<RequestResult[]> => {
    const closedAt = await Promise.race([
      closed,
      new Promise<null>((resolve) => {
        const check = (): void => {
          if (parsed.length >= count) {
            socket.off('data', check);
            resolve(null);
          }
        };
        socket.on('data', check);
        check();
      }),
    ]);
    const results: RequestResult[] = parsed.slice(0, count).map((p) => ({ ...p, error: null }));
    while (results.length < count) {
      const reason = error ?? (socket.readableEnded ? 'closed by server' : 'closed');
      results.push({
        status: null,
        body: '',
        error: reason,
        connection: null,
        endedAt: closedAt ?? Date.now(),
      });
    }
    return results;
  };
  return { socket, write, responses };
}

/** `count` raw clients, connected. */
export function rawClients(port: number, count: number, firstBytes?: string): Promise<RawClient[]> {
  return Promise.all(Array.from({ length: count }, () => rawClient(port, firstBytes)));
}

/** A GET request head, whole. */
export const getHead = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
