import type { INestApplication } from '@nestjs/common';

import { DrainService } from '../drain.service.js';

/** Options of `enableDrainShutdownHooks`. */
export interface DrainShutdownHooksOptions {
  /** Signals that start a stop. @default ['SIGTERM', 'SIGINT'] */
  signals?: string[];
}

/**
 * Drop-in for `app.enableShutdownHooks()`: the first signal runs `drain.stop()` (stages, app hooks,
 * persist, exit); a second one is logged and ignored; a third logs an error and exits with 1 at once.
 */
export function enableDrainShutdownHooks(app: INestApplication, opts: DrainShutdownHooksOptions = {}): void {
  const drain = app.get(DrainService);
  const { logger, exit } = drain.engine.options;
  drain.attachApplication(app);
  let received = 0;
  const onSignal = (signal: string): void => {
    received++;
    if (received === 1) {
      drain.stop({ trigger: { source: 'signal', signal } }).catch((error: unknown) => {
        logger.error(
          `Stop after ${signal} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    } else if (received === 2) {
      logger.warn?.(`${signal} received again while stopping: ignored (send it once more to force exit)`);
    } else {
      logger.error(`${signal} received a third time: forcing exit with code 1 before the drain ended`);
      void Promise.resolve(exit(1)).catch(() => process.exit(1));
    }
  };
  for (const signal of new Set(opts.signals ?? ['SIGTERM', 'SIGINT'])) process.on(signal, onSignal);
}
