import type { INestApplication } from '@nestjs/common';

import { DrainService, engineOf } from '../drain.service.js';

/** Options of `enableDrainShutdownHooks`. */
export interface DrainShutdownHooksOptions {
  /** Signals that start a stop. @default ['SIGTERM', 'SIGINT'] */
  signals?: string[];
}

/**
 * Drop-in for `app.enableShutdownHooks()`: the first signal runs a stop (stages, app hooks, persist,
 * `exit(code, { forced: false })`); a second one is logged and ignored; a third logs an error and calls
 * `exit(1, { forced: true })` at once.
 */
export function enableDrainShutdownHooks(app: INestApplication, opts: DrainShutdownHooksOptions = {}): void {
  const drain = app.get(DrainService);
  const engine = engineOf(drain);
  drain.attachApplication(app);
  const onSignal = (signal: string): void => engine.signal(signal);
  for (const signal of new Set(opts.signals ?? ['SIGTERM', 'SIGINT'])) {
    process.on(signal, onSignal);
  }
}
