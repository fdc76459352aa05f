import { spawn } from 'node:child_process';

import { API_MAIN } from './support/api-process.js';

interface BootResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built API with `env` only (plus PATH) and collects its output until it exits. */
function bootWith(env: Record<string, string>): Promise<BootResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [API_MAIN], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    proc.once('error', reject);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('booting the built API with a bad configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT', 'eighty'],
    [{ DRAIN_DEADLINE_MS: '-1' }, 'DRAIN_DEADLINE_MS', '-1'],
    [{ NODE_ENV: 'production' }, 'ADMIN_TOKEN', 'required'],
  ])('stops with exit code 1 and a message naming the variable (%j)', async (env, variable, detail) => {
    const result = await bootWith(env);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(variable);
    expect(result.stderr).toContain(detail);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toContain('drainboard: listening');
  });

  it.each(['/proc/x', '/dev/null/data'])('exits 1 with one line for DATA_DIR=%s', async (dataDir) => {
    const result = await bootWith({ DATA_DIR: dataDir, PORT: '0', ADMIN_PORT: '0' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^Drainboard failed to start: DATA_DIR ${dataDir} is not usable: .+\n$`),
    );
    expect(result.stdout).not.toContain('drainboard: listening');
  });

  it('never prints a rejected admin token', async () => {
    const result = await bootWith({ NODE_ENV: 'production', ADMIN_TOKEN: 'tooShortSecret' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ADMIN_TOKEN');
    expect(result.stderr + result.stdout).not.toContain('tooShortSecret');
  });
});
