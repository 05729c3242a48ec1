import nx from '@nx/eslint-plugin';

/**
 * Module boundaries: an app may import only libs, never another app; each
 * scope sees only its own and shared libs; test helpers only from tests.
 */
const depConstraints = (testCode) => [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', ...(testCode ? ['type:testing'] : [])] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...(testCode ? ['type:testing'] : [])] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tooling'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tooling'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:order', onlyDependOnLibsWithTags: ['scope:order', 'scope:shared'] },
  { sourceTag: 'scope:queue-worker', onlyDependOnLibsWithTags: ['scope:order', 'scope:shared'] },
  { sourceTag: 'scope:payment', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:client-bff', onlyDependOnLibsWithTags: ['scope:shared'] },
];

const boundaries = (testCode) => ({
  '@nx/enforce-module-boundaries': [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
      depConstraints: depConstraints(testCode),
    },
  ],
});

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/coverage', 'reports/**'] },
  { files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'], rules: boundaries(false) },
  {
    files: ['**/*.ts'],
    // Decorated properties need explicit types: emitDecoratorMetadata serialises
    // an inferred type as Object, and config validation converts by that type.
    rules: { '@typescript-eslint/no-inferrable-types': ['error', { ignoreProperties: true }] },
  },
  { files: ['**/*.spec.ts', '**/*.test-helper.ts'], rules: boundaries(true) },
  {
    // The web pages are plain browser modules, served as they are.
    files: ['apps/client-bff/src/public/**/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', fetch: 'readonly', EventSource: 'readonly', FormData: 'readonly', URLSearchParams: 'readonly', Intl: 'readonly' } },
  },
];
