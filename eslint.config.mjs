import nx from '@nx/eslint-plugin';

// The arrows of docs/architecture.md: a project may import only the scopes listed here, and by kind
// a library imports only libraries, an app (or the e2e tools) libraries and, for `protoscope serve`, apps.
const depConstraints = [
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
  { sourceTag: 'scope:datasets', onlyDependOnLibsWithTags: [] },
  // The compute engine: backend choice, kernels, gradients, data parallelism; tfjs and the native backend only.
  { sourceTag: 'scope:engine', onlyDependOnLibsWithTags: ['scope:engine-torch'] },
  { sourceTag: 'scope:core-models', onlyDependOnLibsWithTags: ['scope:engine', 'scope:datasets'] },
  { sourceTag: 'scope:eval', onlyDependOnLibsWithTags: ['scope:engine', 'scope:core-models', 'scope:datasets'] },
  // Heat-map files, colour maps, overlays and patches: pngjs and node:zlib only, no tfjs.
  { sourceTag: 'scope:render', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@tensorflow/*'] },
  { sourceTag: 'scope:tracking', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:graph', onlyDependOnLibsWithTags: [] },
  // The native libtorch backend (imports only tfjs); the engine loads it by package name.
  { sourceTag: 'scope:engine-torch', onlyDependOnLibsWithTags: [] },
  // The notebook's Yjs document shape, shared by the server, the web and the tools (imports only yjs).
  { sourceTag: 'scope:notebook-doc', onlyDependOnLibsWithTags: [] },
  // The job payload schemas and the dataset lookup, shared by the server and the worker (imports only zod).
  { sourceTag: 'scope:job-contract', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@tensorflow/*'] },
  {
    sourceTag: 'scope:server',
    onlyDependOnLibsWithTags: ['scope:tracking', 'scope:graph', 'scope:notebook-doc', 'scope:job-contract', 'scope:render', 'scope:core-models', 'scope:datasets'],
  },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:graph', 'scope:notebook-doc', 'scope:render'] },
  {
    sourceTag: 'scope:tools',
    onlyDependOnLibsWithTags: ['scope:engine', 'scope:engine-torch', 'scope:datasets', 'scope:core-models', 'scope:eval', 'scope:render', 'scope:tracking', 'scope:graph', 'scope:notebook-doc', 'scope:job-contract'],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.next', '**/next-env.d.ts', 'scratch/**', 'coverage/**', 'bench/results/**', 'apps/*/src/**/generated/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      // `protoscope serve` (tools) starts the server app in-process; Nx forbids importing apps otherwise.
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: true, allow: ['@protoscope/server', '@protoscope/web-build'], depConstraints }],
      // Strict mode makes indexed access `T | undefined`; a `!` after a bounds-checked index is the idiom.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The browser takes only the colour maps of @protoscope/render; the rest needs Node (zlib, pngjs).
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@protoscope/render', message: 'import @protoscope/render/colormap in the web app; the rest of the library needs Node.' }] }] },
  },
  {
    // The server loads neither tfjs nor a model (module-graph.spec.ts checks its loaded modules): methods come
    // from the model-free catalogue, datasets from the tfjs-free entry point, pictures from @protoscope/render.
    // Type-only imports are erased at compile time and load nothing, so they stay allowed.
    files: ['apps/server/**/*.ts'],
    ignores: ['apps/server/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@protoscope/core-models', allowTypeImports: true, message: 'import @protoscope/core-models/catalogue in the server; the library entry loads tfjs and every model.' },
            { name: '@protoscope/datasets/tensors', allowTypeImports: true, message: 'the batch loader loads tfjs; the server reads datasets through @protoscope/datasets.' },
            { name: '@protoscope/engine', allowTypeImports: true, message: 'the compute engine runs in workers, never in the server.' },
            { name: '@protoscope/engine-torch', allowTypeImports: true, message: 'the native torch backend runs in workers, never in the server.' },
            { name: '@protoscope/eval', allowTypeImports: true, message: 'explainers and metrics run in workers; the server only queues their jobs.' },
          ],
          patterns: [{ group: ['@tensorflow/*'], allowTypeImports: true, message: 'the server does not load tfjs: heat maps are drawn by @protoscope/render.' }],
        },
      ],
    },
  },
  {
    // @protoscope/datasets loads no tfjs (the server imports it); the batch loader, @protoscope/datasets/tensors, is the one file that does.
    files: ['libs/datasets/src/**/*.ts'],
    ignores: ['libs/datasets/src/**/*.spec.ts', 'libs/datasets/src/loading/batch-loader.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tensorflow/*'], allowTypeImports: true, message: 'only loading/batch-loader.ts (@protoscope/datasets/tensors) may load tfjs in this library.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
