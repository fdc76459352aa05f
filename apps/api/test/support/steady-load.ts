import { Agent, request } from 'node:http';

/** What a load run saw at the client. */
export interface LoadResult {
  ok: number;
  failed: number;
  /** The first failures (status or error), for the assertion message. */
  failures: string[];
  /** Requests completed per path. */
  byPath: Record<string, number>;
}

/** A running load; `stop()` lets every worker finish its current request and returns the totals. */
export interface SteadyLoad {
  /** Requests answered so far (any status). */
  completed(): number;
  stop(): Promise<LoadResult>;
}

/** Options of `steadyLoad`. */
export interface SteadyLoadOptions {
  /** Concurrent workers, each with one request at a time (default 6). */
  workers?: number;
  /** Paths the workers cycle through (default `/demo/fast`). */
  paths?: string[];
  /** Pause between a worker's requests, to keep the load steady rather than flat out (default 2 ms). */
  pauseMs?: number;
}

function get(agent: Agent, base: string, path: string): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request(`${base}${path}`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolveStatus(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout (30 s)')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Closed-loop keep-alive load on `base`: `workers` clients each send a request, wait for the whole response,
 * pause, and send the next. Anything but a 2xx (a 5xx from the balancer, a reset, a timeout) is a failure.
 */
export function steadyLoad(base: string, opts: SteadyLoadOptions = {}): SteadyLoad {
  const { workers = 6, paths = ['/demo/fast'], pauseMs = 2 } = opts;
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  const result: LoadResult = { ok: 0, failed: 0, failures: [], byPath: {} };
  let running = true;
  const fail = (what: string): void => {
    result.failed++;
    if (result.failures.length < 20) {
      result.failures.push(`${new Date().toISOString()} ${what}`);
    }
  };
  const worker = async (index: number): Promise<void> => {
    for (let n = index; running; n++) {
      const path = paths[n % paths.length]!;
      try {
        const status = await get(agent, base, path);
        result.byPath[path] = (result.byPath[path] ?? 0) + 1;
        if (status >= 200 && status < 300) {
          result.ok++;
        } else {
          fail(`${path}: HTTP ${status}`);
        }
      } catch (error) {
        fail(`${path}: ${(error as Error).message}`);
      }
      if (pauseMs > 0) {
        await new Promise((done) => setTimeout(done, pauseMs));
      }
    }
  };
  const all = Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
  return {
    completed: () => result.ok + result.failed,
    stop: async () => {
      running = false;
      await all;
      agent.destroy();
      return result;
    },
  };
}
