import type { FleetInstanceState, RollingDrain, RollingDrainStep } from '@drainboard/contracts';

import { ApiError } from '../../shared/common/api-error.js';
import type { FleetRegistryService } from '../instances/fleet-registry.service.js';
import type { FleetCommandsService } from './fleet-commands.service.js';

/** Period of the registry reads while a step waits. */
const POLL_MS = 250;
/** Added to the drain deadline when waiting for an instance to be drained or stopped. */
const WAIT_MARGIN_MS = 15_000;
/** Default drain deadline of an instance, when the rolling drain does not set one (DRAIN_DEADLINE_MS default). */
const DEFAULT_DEADLINE_MS = 30_000;

/** What the runner needs from its service. */
export interface RunnerDeps {
  registry: FleetRegistryService;
  commands: FleetCommandsService;
  /** Stores and publishes the rollout after each change. */
  report(rollout: RollingDrain): Promise<void>;
  selfId: string;
}

class Cancelled extends Error {}

/** Refusals a step waits out and retries: the guard, and a command whose answer did not come in time. */
const RETRIED: ReadonlySet<string> = new Set(['FLEET_MIN_READY', 'FLEET_TIMEOUT']);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      return reject(new Cancelled());
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Cancelled())), { once: true });
  });
}

/**
 * Runs one rolling drain: one instance at a time, each taken out only once the min-ready guard holds (the drain
 * or stop is sent through the fleet commands, so the guard and its lock apply; while it refuses, the step waits),
 * then waited for until drained (mode `resume`: then resumed and waited for until serving again) or stopped (mode
 * `stop`: the orchestrator brings the replacement, which the next step's guard waits for). Cancelling stops
 * between polls; an instance left drained by a cancelled `resume` step is resumed. The coordinator goes last and
 * records the rollout as done before it stops itself.
 */
export class RollingDrainRunner {
  constructor(
    private readonly deps: RunnerDeps,
    private readonly rollout: RollingDrain,
    private readonly signal: AbortSignal,
  ) {}

  async run(): Promise<RollingDrain> {
    const { rollout } = this;
    try {
      for (const step of rollout.steps) {
        await this.runStep(step);
      }
      this.finish('done', null);
    } catch (error) {
      if (error instanceof Cancelled) {
        this.finish('cancelled', 'cancelled by an operator');
      } else {
        this.finish('failed', (error as Error).message);
      }
    }
    for (const step of rollout.steps) {
      if (step.status === 'pending') {
        step.status = rollout.status === 'cancelled' ? 'cancelled' : 'skipped';
      }
    }
    await this.deps.report(rollout);
    return rollout;
  }

  private async runStep(step: RollingDrainStep): Promise<void> {
    const { mode } = this.rollout;
    step.startedAt = new Date().toISOString();
    const command = mode === 'resume' ? 'drain' : 'stop';
    const started = await this.takeOut(step, command);
    if (!started) {
      return;
    }
    try {
      if (mode === 'stop') {
        if (step.instanceId === this.deps.selfId) {
          return;
        }
        await this.waitFor(step, ['stopped'], 'to stop');
        return this.end(step, 'done', null);
      }
      await this.waitFor(step, ['drained'], 'to be drained');
      await this.resume(step);
    } catch (error) {
      if (error instanceof Cancelled && mode === 'resume') {
        await this.resume(step).catch(() => undefined);
      }
      if (error instanceof Cancelled) {
        await this.end(step, 'cancelled', 'cancelled; the instance was resumed');
      } else {
        await this.end(step, 'failed', (error as Error).message);
      }
      throw error;
    }
  }

  /** Sends the drain or stop once the guard lets it through; false when the step was skipped. */
  private async takeOut(step: RollingDrainStep, command: 'drain' | 'stop'): Promise<boolean> {
    const { instanceId } = step;
    for (;;) {
      const target = await this.deps.registry.find(instanceId);
      if (!target || target.state !== 'serving') {
        await this.end(step, 'skipped', `not serving (${target?.state ?? 'unknown'})`);
        return false;
      }
      if (command === 'stop' && instanceId === this.deps.selfId) {
        // The coordinator's own stop ends this process: record the outcome first.
        await this.end(step, 'done', 'the coordinator stops itself last');
        this.finish('done', null);
        await this.deps.report(this.rollout);
      }
      try {
        const reason = `rolling drain ${this.rollout.id}`;
        const deadline = this.rollout.deadlineMs === null ? {} : { deadlineMs: this.rollout.deadlineMs };
        const answer = await this.deps.commands.send(
          instanceId,
          command,
          { reason, ...deadline },
          { userAgent: 'rolling-drain' },
        );
        step.runId = 'id' in answer.result ? answer.result.id : null;
        await this.set(step, command === 'drain' ? 'draining' : 'stopping', null);
        return true;
      } catch (error) {
        if (!(error instanceof ApiError) || !RETRIED.has(error.code)) {
          throw error;
        }
        // No answer in time: the command may have run. The registry tells; if it did not, the next round resends.
        if (error.code === 'FLEET_TIMEOUT' && (await this.isTakenOut(instanceId))) {
          await this.set(step, command === 'drain' ? 'draining' : 'stopping', null);
          return true;
        }
        await this.set(step, 'waiting', error.message);
        await sleep(POLL_MS * 2, this.signal);
      }
    }
  }

  private async resume(step: RollingDrainStep): Promise<void> {
    await this.set(step, 'resuming', null);
    try {
      await this.deps.commands.send(step.instanceId, 'resume', {}, { userAgent: 'rolling-drain' });
    } catch (error) {
      // A resume whose answer was late may have run; if it did not, send it once more.
      if (!(error instanceof ApiError && error.code === 'FLEET_TIMEOUT')) {
        throw error;
      }
      if ((await this.deps.registry.find(step.instanceId))?.state !== 'serving') {
        await this.deps.commands.send(step.instanceId, 'resume', {}, { userAgent: 'rolling-drain' });
      }
    }
    await this.waitFor(step, ['serving'], 'to serve again');
    await this.end(step, 'done', null);
  }

  private async isTakenOut(instanceId: string): Promise<boolean> {
    const state = (await this.deps.registry.find(instanceId))?.state;
    return state === 'draining' || state === 'drained' || state === 'stopping' || state === 'stopped';
  }

  private async waitFor(step: RollingDrainStep, states: FleetInstanceState[], what: string): Promise<void> {
    const limitMs = (this.rollout.deadlineMs ?? DEFAULT_DEADLINE_MS) + WAIT_MARGIN_MS;
    const deadline = Date.now() + limitMs;
    for (;;) {
      const target = await this.deps.registry.find(step.instanceId);
      if (target && states.includes(target.state)) {
        return;
      }
      if (target?.state === 'lost') {
        throw new Error(`${step.instanceId} was lost while waiting for it ${what}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`${step.instanceId} did not get ${what} within ${limitMs} ms`);
      }
      await sleep(POLL_MS, this.signal);
    }
  }

  private async set(
    step: RollingDrainStep,
    status: RollingDrainStep['status'],
    message: string | null,
  ): Promise<void> {
    if (step.status === status && step.message === message) {
      return;
    }
    step.status = status;
    step.message = message;
    await this.deps.report(this.rollout);
  }

  private async end(
    step: RollingDrainStep,
    status: RollingDrainStep['status'],
    message: string | null,
  ): Promise<void> {
    step.endedAt = new Date().toISOString();
    await this.set(step, status, message);
  }

  private finish(status: RollingDrain['status'], message: string | null): void {
    if (this.rollout.status !== 'running') {
      return;
    }
    this.rollout.status = status;
    this.rollout.message = message;
    this.rollout.finishedAt = new Date().toISOString();
  }
}
