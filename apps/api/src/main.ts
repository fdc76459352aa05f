import 'reflect-metadata';

import { BootSignals } from './bootstrap/boot-signals.js';
import { lowerIdleMemory } from './bootstrap/memory-settings.js';
import { errorMessage } from './shared/common/error-message.js';
import { ConfigError } from './shared/config/config-error.js';
import { checkDataDir } from './shared/config/data-dir.js';
import { keepDevToken } from './shared/config/dev-token.js';
import { loadConfig } from './shared/config/load-config.js';

// Production start: `node apps/api/dist/main.js` (no npm in between, so signals reach this process).
// Signals are handled from the first line: one during boot never kills the process half-started.
const signals = new BootSignals();
// Before Nest and Prisma load: the young generation stays small through boot, Prisma's wasm stays on Liftoff.
const memory = lowerIdleMemory();
try {
  const loaded = loadConfig(process.env);
  await checkDataDir(loaded.dataDir);
  const config = keepDevToken(loaded);
  // Nest, Prisma and the apps load only once the configuration is valid, so a bad one is reported at once.
  const { boot } = await import('./bootstrap/boot.js');
  await boot(config, signals);
  memory.booted();
} catch (error) {
  // A bad configuration or a failed start is reported in one line, without a stack trace.
  const message =
    error instanceof ConfigError ? error.message : `Drainboard failed to start: ${errorMessage(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
