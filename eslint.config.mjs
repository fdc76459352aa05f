// Lint for every project and every script: type-checked typescript-eslint rules and Nx module boundaries for
// TypeScript (web -> contracts; api -> drain, demo, contracts; drain -> contracts, and demo from its tests only;
// demo, test-support and contracts -> nothing; test-support from tests only); the same style rules (curly, type-only imports, sorted imports) for the plain
// .mjs/.cjs scripts and configs, which also import other projects by package name only.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const byPackageName = {
  group: ['**/libs/**', '**/apps/**'],
  message: 'Import other projects by package name (@drainboard/...), never by relative path.',
};

/** Nx module boundaries; `tests` adds what test code may use on top of its project's source (`lib`: the library). */
const boundaries = ({ tests = [], lib = [] } = {}) => [
  'error',
  {
    allow: [],
    depConstraints: [
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
      { sourceTag: 'type:demo', onlyDependOnLibsWithTags: [] },
      { sourceTag: 'type:test-support', onlyDependOnLibsWithTags: [] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:contracts', ...tests, ...lib] },
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:demo', ...tests],
      },
      { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:contracts'] },
      // The scratch-app test (tools/) is test code throughout.
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:test-support'] },
    ],
  },
];

const style = {
  plugins: { 'simple-import-sort': simpleImportSort },
  rules: {
    curly: ['error', 'all'],
    // Node built-ins, then packages, then this workspace's packages, then relative imports.
    'simple-import-sort/imports': [
      'error',
      { groups: [['^\\u0000'], ['^node:'], ['^@?\\w'], ['^@drainboard/', '^@web/'], ['^\\.']] },
    ],
    'simple-import-sort/exports': 'error',
  },
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/generated/**',
      '**/coverage/**',
      '**/tmp/**',
      'tools/scratch-app/app/**',
    ],
  },
  js.configs.recommended,
  style,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@nx/enforce-module-boundaries': boundaries(),
      'no-restricted-imports': ['error', { patterns: [byPackageName] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests share their helpers (@drainboard/test-support); the library's fixture apps serve the demo workload.
    files: ['**/test/**/*.ts', '**/*.spec.ts', '**/*-spec.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries({ tests: ['type:test-support'] }) },
  },
  {
    files: ['libs/drain/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ tests: ['type:test-support'], lib: ['type:demo'] }),
    },
  },
  {
    // Tool configs outside every tsconfig: the same style rules, without type information.
    files: ['*.config.ts', 'apps/web/vite.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { parserOptions: { projectService: false, project: null } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
    rules: { 'no-restricted-imports': ['error', { patterns: [byPackageName] }] },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['apps/web/**/*.{mjs,js}', 'apps/web/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
