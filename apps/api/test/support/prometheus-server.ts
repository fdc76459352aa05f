import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { pollUntil } from '@drainboard/test-support';

import { freePort } from '../../src/shared/database/embedded-postgres.js';

/** Fails (never skips) when a binary the test needs is not installed. */
export function requirePrometheusBinary(name: 'prometheus' | 'promtool'): void {
  const probe = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(`${name} is not on PATH (${probe.error.message}): apt-get install -y prometheus`);
  }
}

/** A running Prometheus on loopback. */
export interface PrometheusServer {
  url: string;
  /** An instant query: the result vector, or the error Prometheus gave (a parse error included). */
  query(expr: string): Promise<{
    status: string;
    error?: string;
    result: Array<{ metric: Record<string, string>; value: [number, string] }>;
  }>;
  stop(): Promise<void>;
}

/**
 * Starts Prometheus scraping `targets` (host:port of admin ports) every second as job `drainboard`, evaluating
 * `ruleFiles` every second, with its data in `dir`; resolves once its API answers.
 */
export async function startPrometheus(
  dir: string,
  targets: string[],
  ruleFiles: string[] = [],
): Promise<PrometheusServer> {
  requirePrometheusBinary('prometheus');
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 900ms',
    '  evaluation_interval: 1s',
    ...(ruleFiles.length > 0 ? ['rule_files:', ...ruleFiles.map((file) => `  - '${file}'`)] : []),
    'scrape_configs:',
    '  - job_name: drainboard',
    '    metrics_path: /metrics',
    '    static_configs:',
    `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const proc: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  await pollUntil(async () => (await fetch(`${url}/-/ready`)).ok, {
    timeoutMs: 20_000,
    intervalMs: 100,
    description: 'Prometheus ready',
  });
  return {
    url,
    query: async (expr) => {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: [] } };
      return { status: body.status, error: body.error, result: body.data?.result ?? [] };
    },
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}
