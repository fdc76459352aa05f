// Helpers of the scratch-app test: packing the libraries, a throwaway Nest app outside the workspace,
// child processes with line-oriented stdout, plain HTTP requests.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';

import { pollUntil } from '@drainboard/test-support';

const run = promisify(execFile);

export const WORKSPACE = path.resolve(__dirname, '..', '..');
const TEMPLATE = path.join(__dirname, 'app');

/**
 * The environment of the npm/tsc/node child processes: no npm_* variables leaking from the `npm test`
 * that started us (they would point npm back at the workspace), no NODE_OPTIONS from Jest.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'NODE_OPTIONS' || key === 'INIT_CWD') {
      continue;
    }
    env[key] = value;
  }
  return env;
}

export async function sh(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(cmd, args, { cwd, env: cleanEnv(), timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
}

/** `npm pack` of a workspace library into `dest`; returns the tarball's path. */
export async function pack(lib: string, dest: string): Promise<string> {
  const { stdout } = await sh(
    'npm',
    ['pack', '--json', '--pack-destination', dest],
    path.join(WORKSPACE, 'libs', lib),
    60_000,
  );
  const [info] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!info) {
    throw new Error(`npm pack of libs/${lib} printed nothing`);
  }
  return path.join(dest, info.filename);
}

/** Entries of a tarball, without the leading `package/`. */
export async function tarEntries(tarball: string): Promise<string[]> {
  const { stdout } = await sh('tar', ['-tzf', tarball], path.dirname(tarball), 30_000);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''));
}

/** Version installed in the workspace (so the scratch install hits the npm cache), else `fallback`. */
function workspaceVersion(name: string, fallback: string): string {
  const manifest = path.join(WORKSPACE, 'node_modules', name, 'package.json');
  if (!existsSync(manifest)) {
    return fallback;
  }
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * A fresh Nest app in `dir` (outside the workspace) that depends on the drain tarball only; the contracts
 * package comes in as drain's own dependency, resolved to its tarball through `overrides` (as the registry
 * would resolve it).
 */
export function writeScratchApp(dir: string, tarballs: { drain: string; contracts: string }): void {
  cpSync(TEMPLATE, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  const peers = JSON.parse(readFileSync(path.join(WORKSPACE, 'libs', 'drain', 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>;
  };
  const dep = (name: string): [string, string] => [
    name,
    workspaceVersion(name, peers.peerDependencies[name] ?? 'latest'),
  ];
  const manifest = {
    name: 'drainboard-scratch-app',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: Object.fromEntries([
      ['@drainboard/drain', `file:${tarballs.drain}`],
      dep('@nestjs/common'),
      dep('@nestjs/core'),
      dep('@nestjs/platform-express'),
      dep('@nestjs/platform-fastify'),
      dep('@nestjs/platform-socket.io'),
      dep('@nestjs/websockets'),
      dep('@nestjs/schedule'),
      dep('@nestjs/testing'),
      dep('reflect-metadata'),
      dep('rxjs'),
    ]),
    devDependencies: Object.fromEntries([dep('typescript'), dep('@types/node')]),
    overrides: { '@drainboard/contracts': `file:${tarballs.contracts}` },
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A compiled scratch-app entry running as a child process. */
export class AppProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  private out = '';
  private err = '';

  constructor(appDir: string, entry: string) {
    this.child = spawn(process.execPath, [path.join(appDir, 'dist', `${entry}.js`)], {
      cwd: appDir,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.err += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  lines(): string[] {
    return this.out.split('\n').filter(Boolean);
  }

  /** Output so far, for failure messages. */
  output(): string {
    return `--- stdout\n${this.out}\n--- stderr\n${this.err}`;
  }

  /** Waits for a stdout line matching `pattern` (the process must still be running or have printed it). */
  async waitForLine(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const found = await pollUntil(
      () => {
        const match = this.lines()
          .map((line) => line.match(pattern))
          .find((m) => m !== null);
        return match ?? (this.child.exitCode !== null || this.child.signalCode !== null ? 'exited' : null);
      },
      { timeoutMs, description: `${String(pattern)}\n${this.output()}` },
    );
    if (found === 'exited') {
      throw new Error(`exited before printing ${String(pattern)}\n${this.output()}`);
    }
    return found;
  }

  async exit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no exit within ${timeoutMs} ms\n${this.output()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
    }
  }
}

export type HttpResult = { status: number; body: unknown } | { error: string };

/** GET on a fresh connection; resolves with the status and JSON body, or the socket error's code. */
export function get(port: number, pathname: string): Promise<HttpResult> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) as unknown });
        } catch {
          resolve({ status: res.statusCode ?? 0, body });
        }
      });
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}
