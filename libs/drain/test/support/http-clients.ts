import http from 'node:http';
import net from 'node:net';

/** Outcome of one HTTP request, as the client saw it. */
export interface RequestResult {
  status: number | null;
  body: string;
  error: string | null;
  connection: string | null;
  endedAt: number;
}

/** One GET; never rejects (errors are reported in the result). */
export function get(port: number, path: string, agent?: http.Agent): Promise<RequestResult> {
  return new Promise((resolve) => {
    const done = (r: Omit<RequestResult, 'endedAt'>): void => resolve({ ...r, endedAt: Date.now() });
    const req = http.get({ host: '127.0.0.1', port, path, agent: agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        done({
          status: res.statusCode ?? null,
          body,
          error: null,
          connection: res.headers.connection ?? null,
        }),
      );
      res.on('error', (e: NodeJS.ErrnoException) =>
        done({ status: res.statusCode ?? null, body, error: e.code ?? e.message, connection: null }),
      );
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      done({ status: null, body: '', error: e.code ?? e.message, connection: null }),
    );
  });
}

/** Fires `count` concurrent GETs on separate connections. */
export function fireRequests(port: number, path: string, count: number): Promise<RequestResult>[] {
  return Array.from({ length: count }, () => get(port, path));
}

/** What a closed loop of keep-alive clients saw. */
export interface LoopReport {
  ok: number;
  errors: Record<string, number>;
}

/**
 * `connections` clients each send GETs back to back on a keep-alive agent until `stop()` or until
 * the server refuses new connections (ECONNREFUSED ends that client's loop; it is not an error).
 */
export function keepAliveLoop(port: number, connections: number, path = '/demo/fast') {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const report: LoopReport = { ok: 0, errors: {} };
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const r = await get(port, path, agent);
      if (r.status === 200 && !r.error) {
        report.ok++;
      } else if (r.error === 'ECONNREFUSED') {
        return;
      } else {
        report.errors[r.error ?? `status ${r.status}`] =
          (report.errors[r.error ?? `status ${r.status}`] ?? 0) + 1;
      }
    }
  };
  const done = Promise.all(Array.from({ length: connections }, loop)).then(() => {
    agent.destroy();
    return report;
  });
  return {
    report,
    done,
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

/** How a raw keep-alive socket was closed by the server. */
export interface SocketClose {
  sawEnd: boolean;
  endBeforeClose: boolean;
  error: string | null;
  closedAt: number;
}

/** Opens a raw socket, does one keep-alive request, then stays idle and reports how it gets closed. */
export async function idleKeepAliveSocket(port: number): Promise<{ closed: Promise<SocketClose> }> {
  const socket = net.connect(port, '127.0.0.1');
  const state = { sawEnd: false, endBeforeClose: false, error: null as string | null };
  socket.on('end', () => (state.sawEnd = true));
  socket.on('error', (e: NodeJS.ErrnoException) => (state.error = e.code ?? e.message));
  const closed = new Promise<SocketClose>((resolve) =>
    socket.once('close', () => resolve({ ...state, endBeforeClose: state.sawEnd, closedAt: Date.now() })),
  );
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (seen.includes('\r\n\r\n') && seen.includes('"ok":true')) {
        socket.off('data', onData);
        socket.on('data', () => undefined);
        resolve();
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write('GET /demo/fast HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
  });
  return { closed };
}
