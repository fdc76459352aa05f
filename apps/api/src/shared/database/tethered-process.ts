import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

/**
 * The tether: a small POSIX shell runs the command in the background and blocks reading a pipe whose only
 * writer is this Node process. The pipe reaches end-of-file when this process closes it (`stop()`) or dies in
 * any way, kill -9 included; the shell then sends SIGINT to the command (Postgres: fast shutdown; initdb:
 * removes what it wrote) and exits with its status. The shell prints the command's pid first, on stdout;
 * the command's own output goes to stderr.
 */
const TETHER_SCRIPT = [
  'exec 3<&0 </dev/null',
  '"$@" 3<&- >&2 &',
  'child=$!',
  'echo "$child"',
  '( while read -r _ <&3; do :; done; kill -s INT "$child" 2>/dev/null ) &',
  'watcher=$!',
  'exec 3<&-',
  'wait "$child"',
  'status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

/** How a tethered command ended. */
export interface TetheredExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A command that stops when this process closes the tether or dies. */
export interface TetheredProcess {
  /** The command's own pid (not the shell's). */
  readonly pid: Promise<number>;
  readonly exited: Promise<TetheredExit>;
  /** True once the command has exited. */
  hasExited(): boolean;
  /** Called with each chunk the command writes (stdout and stderr). */
  onOutput(listener: (text: string) => void): void;
  /**
   * Closes the tether (the command gets SIGINT) and waits for the exit; after `timeoutMs`, SIGKILLs the command
   * (`forceSignal` first when given, e.g. SIGQUIT for Postgres's immediate shutdown).
   */
  stop(timeoutMs: number, forceSignal?: NodeJS.Signals): Promise<TetheredExit>;
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts `command args` tethered to this process. It runs in a process group of its own, so a terminal's
 * Ctrl-C reaches only this process, which decides when the command stops.
 */
export function spawnTethered(
  command: string,
  args: string[],
  options: Pick<SpawnOptions, 'env' | 'uid' | 'gid' | 'cwd'> = {},
): TetheredProcess {
  const shell: ChildProcess = spawn('/bin/sh', ['-c', TETHER_SCRIPT, 'drainboard-tether', command, ...args], {
    ...options,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const listeners: Array<(text: string) => void> = [];
  let done = false;
  const exited = new Promise<TetheredExit>((resolve) => {
    shell.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    shell.once('error', () => {
      done = true;
      resolve({ code: null, signal: null });
    });
  });
  const pid = new Promise<number>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('utf8');
      const newline = head.indexOf('\n');
      if (newline < 0) {
        return;
      }
      shell.stdout?.off('data', onData);
      resolve(Number.parseInt(head.slice(0, newline), 10));
    };
    shell.stdout?.on('data', onData);
    void exited.then(() => reject(new Error(`${command} exited before it started`)));
  });
  pid.catch(() => undefined);
  shell.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    for (const listener of listeners) {
      listener(text);
    }
  });
  // Nobody writes to the tether; an EPIPE after the shell exited is expected.
  shell.stdin?.on('error', () => undefined);
  return {
    pid,
    exited,
    hasExited: () => done,
    onOutput: (listener) => listeners.push(listener),
    stop: async (timeoutMs, forceSignal) => {
      shell.stdin?.end();
      if (done) {
        return exited;
      }
      const childPid = await Promise.race([pid, exited.then(() => null)]).catch(() => null);
      const timer = setTimeout(() => {
        if (childPid === null) {
          return shell.kill('SIGKILL');
        }
        if (forceSignal) {
          signalPid(childPid, forceSignal);
        }
        setTimeout(() => signalPid(childPid, 'SIGKILL'), timeoutMs / 2).unref();
      }, timeoutMs);
      timer.unref();
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
