import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable, PayloadTooLargeException, ServiceUnavailableException } from '@nestjs/common';

import { DEMO_TICK_MS, demoTick, unrefInterval } from './demo-realtime.js';

/** Result of `GET /demo/slow`. */
export interface SlowResult {
  waitedMs: number;
}

/** Largest body `POST /demo/upload` reads (64 MiB); a larger one gets 413. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** Period between two chunks of `GET /demo/stream`. */
export const STREAM_CHUNK_MS = 100;

/** The demo workload: async waits, CPU-bound work and streaming, so drains can be watched with real traffic. */
@Injectable()
export class DemoService {
  /**
   * Waits `ms` without blocking. When `signal` fires (the drain deadline is about to cut the request off)
   * it stops waiting and answers 503, as a real handler would give up its work.
   */
  async slow(ms: number, signal?: AbortSignal): Promise<SlowResult> {
    const started = performance.now();
    try {
      await sleep(ms, undefined, { signal });
    } catch (error) {
      if (!signal?.aborted) {
        throw error;
      }
      const waited = Math.round(performance.now() - started);
      throw new ServiceUnavailableException(`Cut short by the drain deadline after ${waited} ms`);
    }
    return { waitedMs: Math.round(performance.now() - started) };
  }

  /** Keeps the CPU busy for `ms`, blocking the event loop: nothing else runs meanwhile. */
  block(ms: number): { busyMs: number; iterations: number } {
    const started = performance.now();
    let iterations = 0;
    while (performance.now() - started < ms) {
      iterations += 1;
    }
    return { busyMs: Math.round(performance.now() - started), iterations };
  }

  /** Writes a line every 100 ms for `ms`, then ends the response; stops early if the client goes away. */
  stream(ms: number, res: ServerResponse): void {
    const started = performance.now();
    let chunk = 0;
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    const writeChunk = (): void => {
      const elapsed = Math.round(performance.now() - started);
      res.write(`chunk ${chunk} at ${elapsed} ms\n`);
      chunk += 1;
      if (elapsed >= ms - STREAM_CHUNK_MS / 2) {
        clearInterval(timer);
        res.end(`done after ${elapsed} ms\n`);
      }
    };
    const timer = setInterval(writeChunk, STREAM_CHUNK_MS);
    res.on('close', () => clearInterval(timer));
    writeChunk();
  }

  /**
   * Reads the whole request body and answers its size. A body a parser already read (JSON, forms) is
   * counted from its Content-Length.
   */
  async upload(req: IncomingMessage): Promise<{ bytes: number }> {
    if (req.readableEnded) {
      return { bytes: Number(req.headers['content-length'] ?? 0) };
    }
    let bytes = 0;
    for await (const chunk of req) {
      bytes += (chunk as Buffer).length;
      if (bytes > MAX_UPLOAD_BYTES) {
        throw new PayloadTooLargeException(`bodies up to ${MAX_UPLOAD_BYTES} bytes`);
      }
    }
    return { bytes };
  }

  /** Server-sent events: an event a second until the client goes (or the drain ends the stream). */
  events(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    const send = (): void => {
      if (!res.writableEnded) {
        res.write(`event: tick\ndata: ${JSON.stringify(demoTick())}\n\n`);
      }
    };
    send();
    const timer = unrefInterval(send, DEMO_TICK_MS);
    res.on('close', () => clearInterval(timer));
  }
}
