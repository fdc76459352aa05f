import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings that keep the API's resident memory low, set from inside the process: the product starts as plain
 * `node apps/api/dist/main.js`, without command-line flags. Call `lowerIdleMemory()` first thing in main.ts,
 * before Nest and Prisma load, and the returned `booted()` once the API listens. V8 flags set this way belong
 * to this process only: children (embedded Postgres, `npm start`'s parent, test processes) do not inherit them.
 *
 * - Prisma 7's query compiler is a 3.4 MB WebAssembly module. By default V8 compiles it with Liftoff (baseline)
 *   and then recompiles its hot functions with TurboFan on background threads. Those compiles peak at about 50 MB
 *   of malloc'd memory that the allocator keeps, so it stays in the RSS for the life of the process. Prisma
 *   caches each query shape's plan (`queryPlanCacheMaxSize`), so the compiler runs about once per shape and the
 *   Liftoff code costs no measurable latency (see README, Memory). Must be set before the first Prisma query.
 * - The young generation doubles each time a scavenge finds many survivors. Booting Nest (module loading,
 *   decorators, dependency injection) grows it to its maximum, 32 MB committed, which V8 gives back only much
 *   later. Growth is held at 1x while booting and restored to V8's default once the API is up, so traffic
 *   grows it again as it needs.
 */
export function lowerIdleMemory(): { booted(): void } {
  setFlagsFromString('--no-wasm-dynamic-tiering');
  setFlagsFromString('--no-wasm-tier-up');
  setFlagsFromString('--semi-space-growth-factor=1');
  return {
    booted: () => setFlagsFromString(`--semi-space-growth-factor=${V8_SEMI_SPACE_GROWTH_FACTOR}`),
  };
}

/** V8's default (`node --v8-options`): the young generation doubles when it grows. */
const V8_SEMI_SPACE_GROWTH_FACTOR = 2;
