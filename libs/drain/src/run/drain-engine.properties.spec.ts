import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { Controller, Get, type INestApplication, Inject, Module, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fc from 'fast-check';

import { DRAIN_STAGES, type DrainEvent, type DrainRun } from '@drainboard/contracts';

import { DrainModule } from '../drain.module.js';
import { DrainService, engineOf } from '../drain.service.js';
import { DrainStateError } from '../drain-state-error.js';
import { FakeClock } from '../testing/fake-clock.js';
import { getRequestAbortSignal } from '../tracking/request-abort-signal.js';

/*
 * Random interleavings of requests, drain, resume, stop, signals and time against a real Nest app on a real
 * port (time is a FakeClock: deadlines pass without waiting). Invariants are checked after every step and
 * once the sequence has been brought to a stop. Runs: PROPERTY_RUNS (default 300).
 */

const CLOCK = Symbol('clock');
const SEEN = Symbol('seen');
const DRAIN_PHASE = DRAIN_STAGES.slice(0, 5);
const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

@Controller('w')
class WorkController {
  constructor(
    @Inject(CLOCK) private readonly clock: FakeClock,
    @Inject(SEEN) private readonly seen: Set<string>,
  ) {}

  /** `fast`: 200 at once; `slow`: 200 after 300 fake ms; `give-up`: 503 when its AbortSignal fires; `stuck`: never. */
  @Get(':kind')
  handle(@Req() req: http.IncomingMessage, @Res() res: http.ServerResponse): void {
    this.seen.add(String(req.headers['x-id']));
    const kind = req.url?.split('/')[2];
    if (kind === 'fast') {
      res.end('ok');
    } else if (kind === 'slow') {
      void this.clock.sleep(300).then(() => res.end('ok'));
    } else if (kind === 'give-up') {
      getRequestAbortSignal(req).addEventListener('abort', () => {
        res.statusCode = 503;
        res.end('gave up');
      });
    }
  }
}

type Command =
  | { type: 'request'; kind: 'fast' | 'slow' | 'give-up' | 'stuck' }
  | { type: 'drain' | 'resume' | 'stop' | 'signal' }
  | { type: 'advance'; ms: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('request' as const),
      kind: fc.constantFrom('fast', 'slow', 'give-up', 'stuck'),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ type: 'drain' as const }) },
  { weight: 3, arbitrary: fc.constant({ type: 'resume' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'stop' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'signal' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 2500 }) }),
  },
);

interface ClientResult {
  id: string;
  kind: string;
  status?: number;
  error?: string;
}

class Harness {
  readonly clock = new FakeClock();
  readonly seen = new Set<string>();
  readonly events: DrainEvent[] = [];
  readonly exits: Array<{ code: number; forced: boolean }> = [];
  readonly clients: Array<Promise<ClientResult>> = [];
  readonly problems: string[] = [];
  readonly persisted = new Map<string, DrainRun>();
  /** Runs as resume() handed them back (a drained run gets resumedAt after its run-end). */
  readonly resumed = new Map<string, DrainRun>();
  app!: INestApplication;
  drain!: DrainService;
  port = 0;
  private seq = 0;

  async start(deadlineMs: number, lbDelayMs: number): Promise<void> {
    const { clock, seen, exits } = this;
    @Module({
      imports: [
        DrainModule.forRoot({
          clock,
          deadlineMs,
          lbDelayMs,
          idleSocketGraceMs: 500,
          logger: silent,
          exit: (code, { forced }) => void exits.push({ code, forced }),
        }),
      ],
      controllers: [WorkController],
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: SEEN, useValue: seen },
      ],
    })
    class AppModule {}
    this.app = await NestFactory.create(AppModule, { logger: false });
    this.drain = this.app.get(DrainService);
    this.drain.attachApplication(this.app);
    // A persister that takes a little (fake) time, as a database would: runs end while others go on.
    this.drain.registerPersister('memory', async (run) => {
      await this.clock.sleep(40);
      this.persisted.set(run.id, run);
    });
    this.drain.events$.subscribe((event) => this.events.push(event));
    await this.app.listen(0, '127.0.0.1');
    this.port = (this.server.address() as AddressInfo).port;
  }

  get server(): http.Server {
    return this.app.getHttpServer() as http.Server;
  }

  /** Sends one request on a fresh connection; resolves once the app has it or the connection failed. */
  async request(kind: string): Promise<void> {
    const id = String(++this.seq);
    let failed = false;
    const result = new Promise<ClientResult>((resolve) => {
      const req = http.get({
        port: this.port,
        host: '127.0.0.1',
        path: `/w/${kind}`,
        agent: false,
        headers: { 'x-id': id },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ id, kind, status: res.statusCode }));
        res.on('error', (e) => resolve({ id, kind, error: e.message }));
      });
      req.on('error', (e) => {
        failed = true;
        resolve({ id, kind, error: e.message });
      });
    });
    this.clients.push(result);
    await this.until(() => this.seen.has(id) || failed);
  }

  async command(command: Command): Promise<void> {
    const engine = engineOf(this.drain);
    const trigger = { source: 'api' as const };
    try {
      if (command.type === 'request') {
        await this.request(command.kind);
      } else if (command.type === 'drain') {
        this.drain.drain({ trigger }).done.catch(this.fail);
      } else if (command.type === 'stop') {
        this.drain.stop({ trigger }).done.catch(this.fail);
      } else if (command.type === 'signal') {
        engine.signal('SIGTERM');
      } else if (command.type === 'advance') {
        await this.clock.advance(command.ms);
      } else {
        this.resume();
      }
    } catch (error) {
      if (!(error instanceof DrainStateError)) {
        throw error;
      }
    }
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The state after a resume is serving and the listener accepts (unless a stop came in meanwhile). */
  private resume(): void {
    this.drain.resume().then(
      (run) => {
        this.resumed.set(run.id, run);
        if (run.resumedAt === null) {
          this.problems.push(`resumed run ${run.id} has no resumedAt`);
        }
        if (this.drain.state === 'serving' && !this.server.listening) {
          this.problems.push('serving after resume but not listening');
        }
        if (this.drain.state !== 'serving' && this.drain.state !== 'stopping') {
          this.problems.push(`state ${this.drain.state} after resume`);
        }
      },
      (error: unknown) => {
        if (!(error instanceof DrainStateError)) {
          this.fail(error);
        }
      },
    );
  }

  readonly fail = (error: unknown): void => {
    this.problems.push(`unexpected error: ${String(error)}`);
  };

  /** Brings the instance to a stop and lets every run and request end. */
  async finish(): Promise<void> {
    const stop = this.drain.stop({ trigger: { source: 'api' } });
    await this.clock.runUntilSettled(stop.done);
    await this.clock.runUntilSettled(Promise.all(this.clients));
    const starts = this.events.filter((e) => e.type === 'run-start').length;
    await this.clock.runUntilSettled(
      this.until(() => this.events.filter((e) => e.type === 'run-end').length >= starts),
    );
  }

  async until(check: () => boolean): Promise<void> {
    const end = Date.now() + 5_000;
    while (!check()) {
      if (Date.now() > end) {
        throw new Error('condition not met within 5 s');
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** Checked after every step. */
function checkStep(h: Harness): void {
  const engine = engineOf(h.drain);
  const state = engine.engineState;
  const run = h.drain.currentRun();
  const at = `state ${state}, run ${run ? `${run.kind} ${run.stages.map((s) => `${s.name}:${s.outcome}`).join(',')}` : 'none'}`;
  if ((state === 'serving' || state === 'resuming') !== (run === null)) {
    h.problems.push(`current run does not match: ${at}`);
  }
  if (state === 'draining' && (run?.kind !== 'drain' || run.finishedAt !== null)) {
    h.problems.push(`draining without a running drain: ${at}`);
  }
  const stagesOver = DRAIN_PHASE.every((name) =>
    run?.stages.some((s) => s.name === name && s.endedAt !== null),
  );
  if ((state === 'drained' || state === 'settling') && (!stagesOver || run?.kind !== 'drain')) {
    h.problems.push(`${state} before the run's drain stages ended: ${at}`);
  }
  if (state === 'drained' && !h.events.some((e) => e.type === 'run-end' && e.run.id === run?.id)) {
    h.problems.push(`drained before its run ended: ${at}`);
  }
  if ((state === 'stopping' || state === 'closing') && run?.kind !== 'stop') {
    h.problems.push(`stopping without a stop run: ${at}`);
  }
  if ((state === 'draining' || state === 'drained') && h.drain.ready) {
    h.problems.push(`ready while ${state}`);
  }
  checkEvents(h);
}

/** Stages in order and each ended once; at most one run-end per run; nothing skipped while requests were in flight. */
function checkEvents(h: Harness): void {
  const stages = new Map<string, { started: string[]; ended: string[] }>();
  const ends = new Map<string, number>();
  for (const event of h.events) {
    if (event.type === 'stage-start' || event.type === 'stage-end') {
      const entry = stages.get(event.runId) ?? { started: [], ended: [] };
      stages.set(event.runId, entry);
      if (event.type === 'stage-start') {
        entry.started.push(event.stage);
      } else {
        entry.ended.push(event.stage.name);
      }
    } else if (event.type === 'run-end') {
      ends.set(event.run.id, (ends.get(event.run.id) ?? 0) + 1);
      checkEndedRun(h, event.run);
    }
  }
  for (const [runId, { started, ended }] of stages) {
    const order = started.map((name) => DRAIN_STAGES.indexOf(name as (typeof DRAIN_STAGES)[number]));
    if (order.some((o, i) => i > 0 && o <= order[i - 1]!)) {
      h.problems.push(`run ${runId} stages out of order: ${started.join(',')}`);
    }
    if (new Set(ended).size !== ended.length || ended.some((name) => !started.includes(name))) {
      h.problems.push(`run ${runId} stage ended twice or without start: ${ended.join(',')}`);
    }
  }
  for (const [runId, count] of ends) {
    if (count > 1) {
      h.problems.push(`run ${runId} emitted run-end ${count} times`);
    }
  }
}

function checkEndedRun(h: Harness, run: DrainRun): void {
  for (const stage of run.stages) {
    if (!DRAIN_PHASE.includes(stage.name) || stage.outcome !== 'skipped') {
      continue;
    }
    if (run.kind === 'stop' || run.resumedAt === null) {
      h.problems.push(`run ${run.id} skipped ${stage.name} (${JSON.stringify(stage.details)})`);
    }
  }
  if (run.kind === 'stop' && run.stages.at(-1)?.name !== 'exit') {
    h.problems.push(`stop run ${run.id} has no exit stage`);
  }
  if (run.outcome === 'running' || run.finishedAt === null) {
    h.problems.push(`run ${run.id} ended without outcome`);
  }
}

/** Checked once the instance has stopped: every request that started ended exactly once in the record. */
async function checkEnd(h: Harness): Promise<void> {
  const results = await Promise.all(h.clients);
  const runs = h.events.flatMap((e) => (e.type === 'run-end' ? [e.run] : []));
  const starts = h.events.filter((e) => e.type === 'run-start').length;
  if (runs.length !== starts) {
    h.problems.push(`${starts} runs started, ${runs.length} ended`);
  }
  const requestStarts = new Set(h.events.flatMap((e) => (e.type === 'request-start' ? [e.request.id] : [])));
  const requestEnds = h.events.flatMap((e) => (e.type === 'request-end' ? [e.id] : []));
  if (requestEnds.length !== requestStarts.size || !requestEnds.every((id) => requestStarts.has(id))) {
    h.problems.push(`${requestStarts.size} requests started, ${requestEnds.length} request-end events`);
  }
  const listed = runs.flatMap((r) => r.abortedRequests);
  const cut = results.filter((r) => h.seen.has(r.id) && r.error !== undefined);
  const gaveUp = results.filter((r) => r.status === 503);
  const count = (kind: string): number => listed.filter((r) => r.kind === kind).length;
  if (cut.length !== count('aborted')) {
    h.problems.push(`${cut.length} requests cut, ${count('aborted')} recorded as aborted`);
  }
  if (gaveUp.length !== count('gave-up')) {
    h.problems.push(`${gaveUp.length} gave up with 503, ${count('gave-up')} recorded`);
  }
  if (results.some((r) => !h.seen.has(r.id) && r.status !== undefined)) {
    h.problems.push('a response from a request the app never saw');
  }
  const expected = runs.map((ended) => h.resumed.get(ended.id) ?? ended);
  const matches = (run: DrainRun): boolean => {
    const stored = h.persisted.get(run.id);
    return stored?.resumedAt === run.resumedAt && stored.finishedAt !== null && stored.outcome !== 'running';
  };
  await h.clock.runUntilSettled(h.until(() => expected.every(matches))).catch(() => undefined);
  for (const run of expected.filter((r) => !matches(r))) {
    const stored = h.persisted.get(run.id);
    h.problems.push(
      `run ${run.id} persisted as ${stored?.outcome}/${stored?.resumedAt}, resumedAt ${run.resumedAt}`,
    );
  }
  const normal = h.exits.filter((e) => !e.forced);
  const final = runs.at(-1);
  if (normal.length !== 1 || normal[0]!.code !== (final?.outcome === 'clean' ? 0 : 1)) {
    h.problems.push(`exit calls ${JSON.stringify(h.exits)} for a final ${final?.outcome} run`);
  }
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

describe('DrainEngine under random interleavings (fast-check, real Nest app and sockets)', () => {
  it(`keeps every invariant over ${RUNS} sequences of requests, drain, resume, stop, signals and time`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArb, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 1000, max: 4000 }),
        fc.constantFrom(0, 200),
        async (commands, deadlineMs, lbDelayMs) => {
          const h = new Harness();
          await h.start(deadlineMs, lbDelayMs);
          try {
            for (const command of commands) {
              await h.command(command);
              checkStep(h);
              if (h.problems.length) {
                break;
              }
            }
            if (!h.problems.length) {
              await h.finish();
              checkEvents(h);
              await checkEnd(h);
            }
          } finally {
            h.server.closeAllConnections();
            if (h.server.listening) {
              await new Promise((resolve) => h.server.close(resolve));
            }
          }
          if (h.problems.length) {
            throw new Error(h.problems.join('\n'));
          }
        },
      ),
      {
        numRuns: RUNS,
        endOnFailure: false,
        // Replays a counterexample first: PROPERTY_EXAMPLE='[[{"type":"drain"}],1000,0]'.
        examples: process.env.PROPERTY_EXAMPLE
          ? [JSON.parse(process.env.PROPERTY_EXAMPLE) as [Command[], number, number]]
          : [],
      },
    );
  }, 240_000);
});
