import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import { pollUntil } from '@drainboard/test-support';

/** A fixture app running in a child process. */
export interface FixtureProcess {
  child: ChildProcess;
  port: number;
  controlPort: number | null;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when the child exits; `at` is Date.now() at exit. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Sends a signal and returns Date.now() at that moment. */
  signal: (name: NodeJS.Signals) => number;
  /** The `RUN <json>` line printed by the library fixture, parsed. */
  run: () => Record<string, unknown> | null;
  /** Kills the child (SIGKILL) if it is still running. */
  kill: () => void;
}

/** Compiled fixtures live in libs/drain/dist/fixtures (built by the Jest globalSetup). */
export const FIXTURE_DIR = path.join(__dirname, '..', '..', 'dist', 'fixtures');

/** Starts `dist/fixtures/<name>.js` with `env` and waits for its `READY` line. */
export async function spawnFixture(name: string, env: Record<string, string> = {}): Promise<FixtureProcess> {
  const child = spawn(process.execPath, [path.join(FIXTURE_DIR, `${name}.js`)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const line = (tag: string): string | undefined =>
    out
      .split('\n')
      .find((l) => l.startsWith(`${tag} `))
      ?.slice(tag.length + 1);
  const ready = await pollUntil(() => line('READY') ?? (child.exitCode !== null ? 'exit' : undefined), {
    timeoutMs: 30000,
    description: `${name} READY`,
  });
  if (ready === 'exit') {
    throw new Error(`${name} exited before READY: ${err}`);
  }
  const { port, controlPort } = JSON.parse(ready) as { port: number; controlPort: number | null };
  return {
    child,
    port,
    controlPort,
    stdout: () => out,
    stderr: () => err,
    exited,
    signal: (signal) => {
      child.kill(signal);
      return Date.now();
    },
    run: () => {
      const json = line('RUN');
      return json ? (JSON.parse(json) as Record<string, unknown>) : null;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    },
  };
}
