import type { DiscoveryService } from '@nestjs/core';

import type { JobKind, JobTracker } from './job-tracker.js';

// Metadata keys and values written by the @nestjs/schedule decorators (an optional dependency).
const SCHEDULER_TYPE = 'SCHEDULER_TYPE';
const SCHEDULER_NAME = 'SCHEDULER_NAME';
const KINDS: Record<number, JobKind> = { 1: 'cron', 2: 'timeout', 3: 'interval' };
const WRAPPED = Symbol.for('drainboard.scheduled');

type Method = ((...args: unknown[]) => unknown) & { [WRAPPED]?: true };

function methodNames(instance: object): string[] {
  const names = new Set<string>();
  let proto = Object.getPrototypeOf(instance) as object | null;
  while (proto && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && typeof descriptor?.value === 'function') {
        names.add(name);
      }
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return [...names];
}

function wrapMethod(
  instance: Record<string, unknown>,
  key: string,
  className: string,
  jobs: JobTracker,
): void {
  const method = instance[key];
  if (typeof method !== 'function' || (method as Method)[WRAPPED]) {
    return;
  }
  const kind = KINDS[Reflect.getMetadata(SCHEDULER_TYPE, method) as number];
  if (!kind) {
    return;
  }
  const name = (Reflect.getMetadata(SCHEDULER_NAME, method) as string | undefined) ?? `${className}.${key}`;
  const wrapped = jobs.wrap(name, kind, method as Method) as Method;
  // Keep the decorator metadata so the schedule explorer still finds the method.
  for (const metaKey of Reflect.getMetadataKeys(method) as unknown[]) {
    Reflect.defineMetadata(metaKey, Reflect.getMetadata(metaKey, method), wrapped);
  }
  wrapped[WRAPPED] = true;
  instance[key] = wrapped;
}

/**
 * Wraps every `@Cron` / `@Interval` / `@Timeout` method so its executions are gated and counted.
 * Must run before the schedule explorer (its `onModuleInit`): DrainModule does it in `configure()`.
 */
export function wrapScheduledMethods(discovery: DiscoveryService, jobs: JobTracker): number {
  let count = 0;
  for (const wrapper of [...discovery.getProviders(), ...discovery.getControllers()]) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) {
      continue;
    }
    for (const key of methodNames(instance)) {
      const before = instance[key];
      wrapMethod(instance, key, String(wrapper.name ?? 'Anonymous'), jobs);
      if (instance[key] !== before) {
        count++;
      }
    }
  }
  return count;
}
