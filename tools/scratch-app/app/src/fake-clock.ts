// The README's "Testing your shutdown logic with FakeClock" example, run as a script: a whole stop with a
// one-minute LB delay, driven by the fake clock from @drainboard/drain/testing. It prints what a test would assert.
import 'reflect-metadata';

import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DrainModule, DrainService, type DrainExitInfo } from '@drainboard/drain';
import { FakeClock } from '@drainboard/drain/testing';

/** A persister, as an app would write one. */
@Injectable()
class RunArchive implements OnApplicationBootstrap {
  readonly saved: string[] = [];

  constructor(private readonly drain: DrainService) {}

  onApplicationBootstrap(): void {
    this.drain.registerPersister('archive', async (run) => {
      this.saved.push(run.id);
    });
  }
}

const clock = new FakeClock();
const exits: Array<[number, DrainExitInfo]> = [];
const moduleRef = await Test.createTestingModule({
  imports: [
    DrainModule.forRoot({
      clock,
      lbDelayMs: 60_000,
      deadlineMs: 120_000,
      exit: (code, info) => void exits.push([code, info]),
    }),
  ],
  providers: [RunArchive],
}).compile();
const app = await moduleRef.createNestApplication({ logger: false }).init();
const drain = app.get(DrainService);
drain.attachApplication(app);

const { run: started, done } = drain.stop({ trigger: { source: 'api', reason: 'test' } });
const run = await clock.runUntilSettled(done);

console.log(
  JSON.stringify({
    started: { id: started.id, outcome: started.outcome, frozen: Object.isFrozen(started) },
    outcome: run.outcome,
    exits,
    saved: app.get(RunArchive).saved,
    runId: run.id,
    unreadyMs: run.stages.find((stage) => stage.name === 'unready')?.durationMs,
  }),
);
