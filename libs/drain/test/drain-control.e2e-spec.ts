import { pollUntil } from '@drainboard/test-support';

import { type FixtureProcess, get, spawnFixture } from './support/index.js';

let app: FixtureProcess | null = null;
afterEach(() => app?.kill());

describe('drain and resume through the library API', () => {
  it('refuses new connections while drained and serves them again after resume, readiness following', async () => {
    app = await spawnFixture('drain-app');
    const control = app.controlPort!;
    expect((await get(control, '/ready')).status).toBe(200);
    const inFlight = get(app.port, '/demo/slow?ms=500');
    await pollUntil(async () => JSON.parse((await get(control, '/ready')).body).state === 'serving', {
      timeoutMs: 1000,
      description: 'serving',
    });

    const drained = await get(control, '/drain');
    const run = JSON.parse(drained.body) as { outcome: string; kind: string };
    expect(run).toMatchObject({ kind: 'drain', outcome: 'clean' });
    expect((await inFlight).status).toBe(200);
    expect((await get(control, '/ready')).status).toBe(503);
    expect((await get(app.port, '/demo/fast')).error).toBe('ECONNREFUSED');

    expect((await get(control, '/resume')).status).toBe(200);
    expect((await get(control, '/ready')).status).toBe(200);
    expect((await get(app.port, '/demo/fast')).status).toBe(200);
    expect((await get(control, '/resume')).status).toBe(409);
  });
});

describe('repeated signals', () => {
  it('ignores a second SIGTERM with a warning and exits with 1 at once on the third', async () => {
    app = await spawnFixture('drain-app', { DEADLINE_MS: '10000' });
    const slow = get(app.port, '/demo/slow?ms=5000');
    await new Promise((resolve) => setTimeout(resolve, 200));
    app.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    app.signal('SIGTERM');
    await pollUntil(() => /received again/.test(app!.stdout() + app!.stderr()), {
      timeoutMs: 2000,
      description: 'warning line',
    });
    expect(app.child.exitCode).toBeNull();
    const third = app.signal('SIGTERM');
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    // At once: well before the 5 s request or the 10 s deadline would let it go.
    expect(exit.at - third).toBeLessThan(2000);
    expect(app.stderr()).toMatch(/third time/);
    expect((await slow).status).toBeNull();
  });
});

describe('plain app.enableShutdownHooks() with DrainModule', () => {
  it('drains in-flight requests before any onModuleDestroy runs', async () => {
    app = await spawnFixture('drain-app', { SHUTDOWN: 'nest' });
    const pending = Array.from({ length: 5 }, () => get(app!.port, '/demo/slow?ms=800'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    app.signal('SIGTERM');
    const results = await Promise.all(pending);
    const exit = await app.exited;
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(exit.signal ?? exit.code).toBeTruthy();
    expect(app.stdout()).toMatch(/DESTROY \{"inFlight":0,"state":"stopping"\}/);
    expect(app.run()).toMatchObject({ kind: 'stop', outcome: 'clean', inFlightAtStart: 5 });
    expect(app.stderr()).toBe('');
  });
});
