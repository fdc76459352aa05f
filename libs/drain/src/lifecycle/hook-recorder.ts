import type { DiscoveryService } from '@nestjs/core';

import { type DrainClock, within } from '../clock/drain-clock.js';
import { errorMessage } from '../error-message.js';

export const SHUTDOWN_HOOKS = [
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
] as const;
export type ShutdownHookName = (typeof SHUTDOWN_HOOKS)[number];

/** How one provider's lifecycle hook went. */
export interface HookRecord {
  hook: string;
  outcome: 'ok' | 'failed' | 'timeout';
  durationMs: number;
  error?: string;
}

const WRAPPED = Symbol.for('drainboard.hook');
type HookFn = ((...args: unknown[]) => unknown) & { [WRAPPED]?: true };

/**
 * Wraps the shutdown hooks of every provider: each call is timed, bounded by `budget()` and
 * recorded by `Provider.hookName`; it never throws and never hangs past its budget.
 */
export class HookRecorder {
  records: HookRecord[] = [];

  constructor(
    private readonly clock: DrainClock,
    private readonly budget: () => number,
  ) {}

  wrapAll(discovery: DiscoveryService, skip: ReadonlySet<unknown>): void {
    for (const wrapper of [...discovery.getProviders(), ...discovery.getControllers()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || skip.has(wrapper.metatype)) {
        continue;
      }
      const name = String(
        wrapper.name ?? (instance.constructor as { name?: string } | undefined)?.name ?? 'Anonymous',
      );
      for (const hook of SHUTDOWN_HOOKS) {
        this.wrap(instance, hook, `${String(name)}.${hook}`);
      }
    }
  }

  private wrap(instance: Record<string, unknown>, hook: ShutdownHookName, label: string): void {
    const original = instance[hook] as HookFn | undefined;
    if (typeof original !== 'function' || original[WRAPPED]) {
      return;
    }
    const wrapped: HookFn = (...args: unknown[]) => this.run(label, () => original.apply(instance, args));
    wrapped[WRAPPED] = true;
    instance[hook] = wrapped;
  }

  private async run(label: string, call: () => unknown): Promise<void> {
    const startedAt = this.clock.now();
    const record = (outcome: HookRecord['outcome'], error?: string): void => {
      this.records.push({
        hook: label,
        outcome,
        durationMs: this.clock.now() - startedAt,
        ...(error ? { error } : {}),
      });
    };
    const budget = this.budget();
    try {
      const result = await within(this.clock, Promise.resolve().then(call), budget);
      if (result === 'timeout') {
        record('timeout', `no answer within ${Math.round(budget)} ms`);
      } else {
        record('ok');
      }
    } catch (error) {
      record('failed', errorMessage(error));
    }
  }
}
