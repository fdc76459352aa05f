// Packs @drainboard/drain and @drainboard/contracts, installs the tarballs into a fresh Nest app in a
// temp dir outside the workspace (one install shared by every variant), builds it with plain tsc and
// runs the SIGTERM scenario against each variant in a real child process with a real signal.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { io, type Socket } from 'socket.io-client';

import { AppProcess, get, type HttpResult, pack, sh, tarEntries, writeScratchApp } from './support.js';

const work = mkdtempSync(path.join(tmpdir(), 'drainboard-scratch-'));
const appDir = path.join(work, 'app');
const tarballs = { drain: '', contracts: '' };
const running: AppProcess[] = [];

const timings: Record<string, number> = {};

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  try {
    return await work();
  } finally {
    timings[step] = Date.now() - startedAt;
  }
}

beforeAll(async () => {
  // One after the other: packing runs each package's prepack (a clean build), and drain's build reads contracts' dist.
  await timed('pack', async () => {
    tarballs.contracts = await pack('contracts', work);
    tarballs.drain = await pack('drain', work);
  });
  writeScratchApp(appDir, tarballs);
  await timed('npm install', () =>
    sh(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      appDir,
      150_000,
    ),
  );
  const tsc = path.join(appDir, 'node_modules', 'typescript', 'bin', 'tsc');
  await timed('tsc', () => sh(process.execPath, [tsc, '-p', 'tsconfig.json'], appDir, 90_000));
}, 240_000);

afterEach(() => {
  for (const app of running.splice(0)) {
    app.kill();
  }
});

afterAll(() => {
  if (!process.env.KEEP_SCRATCH_APP) {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    `scratch app: ${Object.entries(timings)
      .map(([step, ms]) => `${step} ${ms} ms`)
      .join(', ')}`,
  );
});

/** Files under `dir`, relative to it. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full, base) : [path.relative(base, full)];
  });
}

describe('the tarballs', () => {
  it.each(['drain', 'contracts'] as const)(
    '%s holds the build, its sources, a license and no tests',
    async (lib) => {
      const entries = await tarEntries(tarballs[lib]);
      expect(entries).toEqual(
        expect.arrayContaining(['package.json', 'LICENSE', 'README.md', 'dist/index.js', 'dist/index.d.ts']),
      );
      const testish = entries.filter((e) =>
        /(^|\/)(test|tests|__tests__|fixtures|results)\/|\.(spec|e2e-spec)\.|tsbuildinfo|jest\.config|tsconfig/.test(
          e,
        ),
      );
      expect(testish).toEqual([]);
    },
  );

  it.each(['drain', 'contracts'] as const)('%s ships every source its maps point to', (lib) => {
    const root = path.join(appDir, 'node_modules', '@drainboard', lib);
    const maps = walk(root).filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const missing = maps.flatMap((map) => {
      const { sources } = JSON.parse(readFileSync(path.join(root, map), 'utf8')) as { sources: string[] };
      return sources
        .map((s) => path.join(path.dirname(map), s))
        .filter((s) => !existsSync(path.join(root, s)));
    });
    expect(missing).toEqual([]);
  });

  it('exports only files that exist in the drain package', () => {
    const root = path.join(appDir, 'node_modules', '@drainboard', 'drain');
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>;
    };
    const targets = Object.values(manifest.exports).flatMap((t) =>
      typeof t === 'string' ? [t] : Object.values(t),
    );
    expect(targets.filter((t) => !existsSync(path.join(root, t)))).toEqual([]);
  });
});

const SLOW_MS = 1_500; // longer than the apps' lbDelayMs (1 s): still running when the listener closes
const IDS = ['a', 'b', 'c', 'd', 'e'];

/**
 * Five slow requests in flight, then SIGTERM: readiness turns red while the app still serves (LB delay), a new
 * connection is refused once the listener has closed, each slow request gets its full answer, the run ends clean
 * and the process exits 0 by itself.
 */
async function sigtermScenario(
  entry: string,
  beforeSignal?: (port: number, app: AppProcess) => Promise<void>,
): Promise<AppProcess> {
  const startedAt = Date.now();
  const app = new AppProcess(appDir, entry);
  running.push(app);
  const port = Number((await app.waitForLine(/^listening (\d+)$/))[1]);
  await beforeSignal?.(port, app);
  expect(await get(port, '/health/ready')).toEqual({ status: 200, body: { ready: true } });
  const answers = IDS.map((id) => get(port, `/slow?id=${id}&ms=${SLOW_MS}`));
  for (const id of IDS) {
    await app.waitForLine(new RegExp(`^request-start ${id}$`));
  }
  app.child.kill('SIGTERM');

  const unready = await pollFor(
    () => get(port, '/health/ready'),
    (r) => 'status' in r && r.status !== 200,
  );
  expect(unready).toMatchObject({ status: 503 });
  await app.waitForLine(/^stage-end close-listener ok$/);
  const late: HttpResult = await get(port, '/slow?id=late&ms=0');
  const results = await Promise.all(answers);
  const exit = await app.exit(15_000);

  expect(results).toEqual(IDS.map((id) => ({ status: 200, body: { id, sleptMs: SLOW_MS } })));
  expect(late).toEqual({ error: 'ECONNREFUSED' });
  expect(app.lines()).toContain('run-end clean');
  expect(exit).toEqual({ code: 0, signal: null });
  timings[entry] = Date.now() - startedAt;
  return app;
}

/** Repeats `probe` until `done(result)`, for at most `timeoutMs`; returns the last result. */
async function pollFor<T>(
  probe: () => Promise<T>,
  done: (result: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (done(result) || Date.now() > until) {
      return result;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SIGTERM against the scratch app', () => {
  it('Express: in-flight requests complete, exit 0', async () => {
    await sigtermScenario('express');
  });

  it('Fastify: in-flight requests complete, exit 0', async () => {
    await sigtermScenario('fastify');
  });

  it('socket.io gateway: the client is let go during the drain, in-flight requests complete, exit 0', async () => {
    let socket: Socket | undefined;
    try {
      const app = await sigtermScenario('gateway', async (port, proc) => {
        socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
        const echoed: unknown = await socket.timeout(5_000).emitWithAck('echo', { hello: 'drain' });
        expect(echoed).toEqual({ hello: 'drain' });
        await proc.waitForLine(/^ws-connected /);
      });
      // Printed by the gateway itself, so the socket was closed by the drain and not by the process dying.
      expect(app.lines().some((line) => line.startsWith('ws-disconnected '))).toBe(true);
    } finally {
      socket?.close();
    }
  });

  it('@nestjs/schedule: the running job finishes, none starts after unready, exit 0', async () => {
    const app = await sigtermScenario('schedule', async (_port, proc) => {
      await proc.waitForLine(/^job-start 1$/);
    });
    const lines = app.lines();
    const started = lines.filter((l) => l.startsWith('job-start ')).map((l) => l.slice('job-start '.length));
    const ended = lines.filter((l) => l.startsWith('job-end ')).map((l) => l.slice('job-end '.length));
    expect(ended.sort()).toEqual(started.sort());
    const unready = lines.indexOf('stage-end unready ok');
    expect(unready).toBeGreaterThan(-1);
    expect(lines.slice(unready).filter((l) => l.startsWith('job-start '))).toEqual([]);
  });
});

describe('@drainboard/drain/testing', () => {
  it('FakeClock drives a whole stop with a one-minute LB delay without real waiting', async () => {
    const app = new AppProcess(appDir, 'fake-clock');
    running.push(app);
    // The app's LB delay is 60 s of fake time: a clock that did not drive it would hold the script past this bound.
    const exit = await app.exit(20_000);
    expect(exit).toEqual({ code: 0, signal: null });
    const result = JSON.parse(app.lines().at(-1) ?? '{}') as Record<string, unknown>;
    expect(result).toEqual({
      started: { id: result.runId, outcome: 'running', frozen: true },
      outcome: 'clean',
      exits: [[0, { forced: false }]],
      saved: [result.runId],
      runId: expect.any(String),
      unreadyMs: 60_000,
    });
  });
});
