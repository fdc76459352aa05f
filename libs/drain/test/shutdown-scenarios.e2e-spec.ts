import { recordFigures, SHARED_SCENARIOS, type ScenarioOutcome } from './support/index.js';

const LIB = 'drain-app';
type Name = keyof typeof SHARED_SCENARIOS;

/** Runs a scenario, records its figures for the comparison table, returns what it saw. */
async function scenario(fixture: string, name: Name): Promise<ScenarioOutcome> {
  const outcome = await SHARED_SCENARIOS[name](fixture);
  recordFigures(fixture, name, outcome.figures);
  return outcome;
}

const lastResponseAt = (o: ScenarioOutcome): number => Math.max(...o.results.map((r) => r.endedAt));

describe('shutdown with @drainboard/drain (child process, real signals)', () => {
  it('completes 20 in-flight async requests and exits within 200 ms of the last response', async () => {
    const o = await scenario(LIB, 'in-flight-async');
    expect(o.results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(o.exit.code).toBe(0);
    expect(o.exit.at - lastResponseAt(o)).toBeLessThan(200);
  });

  it('completes a blocking request and the async ones around it, with no error on stderr', async () => {
    const o = await scenario(LIB, 'blocking-request');
    expect(o.results.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(o.exit.code).toBe(0);
    expect(o.app.stderr()).not.toMatch(/error/i);
  });

  it('closes 50 idle keep-alive sockets with a FIN and exits within 300 ms', async () => {
    const o = await scenario(LIB, 'idle-keep-alive');
    expect(o.exit.code).toBe(0);
    expect(o.exit.at - o.signalAt).toBeLessThan(300);
    expect(o.sockets?.filter((s) => s.endBeforeClose && s.error === null)).toHaveLength(50);
    expect(o.sockets?.every((s) => s.closedAt >= o.signalAt)).toBe(true);
  });

  it('gives a closed loop of 32 keep-alive clients no reset, broken pipe or hang-up', async () => {
    const o = await scenario(LIB, 'keep-alive-closed-loop');
    expect(o.loopErrors).toEqual({});
    expect(o.exit.code).toBe(0);
  });

  it('cuts requests off at the deadline, reports them, and fires their AbortSignal first', async () => {
    const o = await scenario(LIB, 'past-deadline');
    expect(o.exit.code).toBe(1);
    const run = o.app.run() as {
      outcome: string;
      startedAt: string;
      abortedRequests: Array<{ route: string; ageMs: number }>;
    };
    // The deadline counts from the trigger, i.e. when the child handled SIGTERM.
    const sinceTrigger = o.exit.at - Date.parse(run.startedAt);
    expect(sinceTrigger).toBeGreaterThanOrEqual(1000);
    expect(sinceTrigger).toBeLessThan(1000 + 250);
    expect(run.outcome).toBe('aborted');
    expect(run.abortedRequests).toHaveLength(3);
    for (const aborted of run.abortedRequests) {
      expect(aborted.route).toBe('/demo/abortable');
      expect(aborted.ageMs).toBeGreaterThanOrEqual(1000);
    }
    const observed = o.app.stdout().match(/ABORT-OBSERVED (\d+)/g) ?? [];
    expect(observed).toHaveLength(3);
    expect(o.results.every((r) => r.status === null)).toBe(true);
  });

  it('completes streaming responses whole', async () => {
    const o = await scenario(LIB, 'streaming');
    expect(o.exit.code).toBe(0);
    for (const r of o.results) {
      expect(r.status).toBe(200);
      expect(r.body).toMatch(/chunk 9\ndone\n$/);
    }
  });

  it('records a throwing and a hanging hook as failed and still exits at the deadline with 1', async () => {
    const o = await scenario(LIB, 'bad-hooks');
    expect(o.exit.code).toBe(1);
    expect(o.exit.at - o.signalAt).toBeLessThan(1000 + 400);
    const run = o.app.run() as {
      stages: Array<{ name: string; details: { hooks?: Array<{ hook: string; outcome: string }> } }>;
    };
    const hooks = run.stages.find((s) => s.name === 'app-hooks')?.details.hooks ?? [];
    expect(hooks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ hook: 'ThrowingHook.onModuleDestroy', outcome: 'failed' }),
        expect.objectContaining({ hook: 'HangingHook.beforeApplicationShutdown', outcome: 'timeout' }),
      ]),
    );
  });
});

describe('the same scenarios against plain NestJS enableShutdownHooks() (figures only)', () => {
  it.each(Object.keys(SHARED_SCENARIOS) as Name[])('%s', async (name) => {
    const o = await scenario('plain-nest', name);
    expect(o.exit.code !== null || o.exit.signal !== null).toBe(true);
  });
});
