import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';

import { pollUntil } from '@drainboard/test-support';

/** The HAProxy configuration shipped in deploy/ (the one docker-compose.yml mounts). */
export const SHIPPED_HAPROXY_CFG = resolve(__dirname, '../../../../deploy/haproxy/haproxy.cfg');

/** One API instance as HAProxy sees it. */
export interface HaproxyServer {
  name: string;
  trafficPort: number;
  adminPort: number;
}

/** What the test changes in the shipped configuration. */
export interface HaproxyTestOptions {
  servers: HaproxyServer[];
  /** Port of the `traffic` frontend (the shipped stats page is dropped). */
  frontendPort: number;
  statsSocket: string;
}

/** The `inter`, `fall` and `rise` of the shipped backend's `default-server` line, in ms and counts. */
export interface CheckTiming {
  interMs: number;
  fall: number;
  rise: number;
}

/** The health-check timing of the shipped configuration. */
export function shippedCheckTiming(cfg = readFileSync(SHIPPED_HAPROXY_CFG, 'utf8')): CheckTiming {
  const line = /^\s*default-server\s+(.*)$/m.exec(cfg)?.[1];
  if (!line) {
    throw new Error('deploy/haproxy/haproxy.cfg has no default-server line');
  }
  const value = (key: string): string => {
    const found = new RegExp(`\\b${key}\\s+(\\S+)`).exec(line)?.[1];
    if (!found) {
      throw new Error(`default-server has no ${key}`);
    }
    return found;
  };
  const inter = /^(\d+)(ms|s)?$/.exec(value('inter'));
  if (!inter) {
    throw new Error(`unsupported inter ${value('inter')}`);
  }
  return {
    interMs: Number(inter[1]) * (inter[2] === 'ms' ? 1 : 1000),
    fall: Number(value('fall')),
    rise: Number(value('rise')),
  };
}

/**
 * The shipped configuration with only what a loopback test must change: the servers (127.0.0.1 with their own
 * check ports instead of the compose service names), the frontend port, the stats socket path, no DNS resolvers,
 * no stats page; and retries and redispatch off, so a failed request at the client is the service's doing.
 */
export function testHaproxyConfig(opts: HaproxyTestOptions): string {
  const shipped = readFileSync(SHIPPED_HAPROXY_CFG, 'utf8');
  const sections = shipped.split(/^(?=\S)/m);
  const kept = sections.filter((section) => !/^(resolvers|frontend stats)\b/.test(section));
  let cfg = kept.join('');
  const replace = (pattern: RegExp, replacement: string): void => {
    if (!pattern.test(cfg)) {
      throw new Error(`deploy/haproxy/haproxy.cfg: nothing matches ${pattern}`);
    }
    cfg = cfg.replace(pattern, replacement);
  };
  replace(/^(\s*stats socket )\S+/m, `$1${opts.statsSocket}`);
  replace(/^(\s*retries )\d+/m, '$10');
  replace(/^(\s*)option redispatch\b/m, '$1no option redispatch');
  replace(/^(\s*bind )\S*:\d+/m, `$1127.0.0.1:${opts.frontendPort}`);
  replace(/ resolvers \S+/, '');
  replace(/ init-addr \S+/, '');
  const servers = opts.servers
    .map((s) => `    server ${s.name} 127.0.0.1:${s.trafficPort} check port ${s.adminPort}`)
    .join('\n');
  replace(/^(\s*server .*\n)+/m, `${servers}\n`);
  return cfg;
}

/** Throws a clear error (never skips) when the haproxy binary is missing. */
export function haproxyBinary(): string {
  for (const candidate of ['haproxy', '/usr/sbin/haproxy']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) {
      return candidate;
    }
  }
  throw new Error('haproxy is not installed: apt-get install -y haproxy (Debian)');
}

/** `haproxy -c` on a configuration file: exit status and output. */
export function checkHaproxyConfig(file: string): { status: number | null; output: string } {
  const result = spawnSync(haproxyBinary(), ['-c', '-f', file], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A running HAProxy. */
export interface Haproxy {
  proc: ChildProcess;
  url: string;
  statsSocket: string;
  /** Everything HAProxy logged (one line per request, with its termination state). */
  log(): string;
  stop(): Promise<void>;
}

/** Writes the test configuration into `dir`, starts HAProxy in the foreground and waits for its stats socket. */
export async function startHaproxy(
  dir: string,
  servers: HaproxyServer[],
  frontendPort: number,
): Promise<Haproxy> {
  const statsSocket = join(dir, 'haproxy.sock');
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, testHaproxyConfig({ servers, frontendPort, statsSocket }));
  const proc = spawn(haproxyBinary(), ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  await pollUntil(
    async () => {
      if (proc.exitCode !== null) {
        throw new Error(`haproxy exited with ${proc.exitCode}:\n${out}`);
      }
      return (await serverStatus(statsSocket)).size === servers.length;
    },
    { timeoutMs: 10_000, intervalMs: 50, description: 'HAProxy stats socket' },
  );
  return {
    proc,
    url: `http://127.0.0.1:${frontendPort}`,
    statsSocket,
    log: () => out,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Sends one command to HAProxy's runtime API (stats socket) and returns its answer. */
export function runtimeCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolveAnswer, reject) => {
    const conn = createConnection(socket);
    let answer = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.end(`${command}\n`));
    conn.on('data', (chunk: string) => (answer += chunk));
    conn.on('end', () => resolveAnswer(answer));
    conn.on('error', reject);
  });
}

/** The `status` column of `show stat` for each server of backend `api` (`UP`, `DOWN`, `UP 1/2`, `DOWN 1/2`...). */
export async function serverStatus(socket: string): Promise<Map<string, string>> {
  const csv = await runtimeCommand(socket, 'show stat');
  const [header, ...rows] = csv.split('\n').filter((line) => line.trim() !== '');
  const columns = (header ?? '').replace(/^# /, '').split(',');
  const pxname = columns.indexOf('pxname');
  const svname = columns.indexOf('svname');
  const status = columns.indexOf('status');
  const result = new Map<string, string>();
  for (const row of rows) {
    const cells = row.split(',');
    if (cells[pxname] !== 'api' || cells[svname] === 'BACKEND' || cells[svname] === 'FRONTEND') {
      continue;
    }
    result.set(cells[svname]!, cells[status]!);
  }
  return result;
}
