import nx from '@nx/eslint-plugin';

// The arrows of docs/architecture (DESIGN §2): a project may import only the scopes listed here.
const depConstraints = [
  { sourceTag: 'scope:datasets', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:core-models', onlyDependOnLibsWithTags: ['scope:datasets'] },
  { sourceTag: 'scope:eval', onlyDependOnLibsWithTags: ['scope:core-models', 'scope:datasets'] },
  { sourceTag: 'scope:tracking', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:graph', onlyDependOnLibsWithTags: [] },
  // The native libtorch backend (imports only tfjs); the engine loads it by package name.
  { sourceTag: 'scope:engine', onlyDependOnLibsWithTags: [] },
  // The notebook's Yjs document shape, shared by the server, the web and the tools (imports only yjs).
  { sourceTag: 'scope:notebook-doc', onlyDependOnLibsWithTags: [] },
  {
    sourceTag: 'scope:server',
    onlyDependOnLibsWithTags: ['scope:tracking', 'scope:graph', 'scope:notebook-doc', 'scope:eval', 'scope:core-models', 'scope:datasets'],
  },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:graph', 'scope:notebook-doc'] },
  {
    sourceTag: 'scope:tools',
    onlyDependOnLibsWithTags: ['scope:engine', 'scope:datasets', 'scope:core-models', 'scope:eval', 'scope:tracking', 'scope:graph', 'scope:notebook-doc'],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.next', '**/next-env.d.ts', 'scratch/**', 'coverage/**', 'bench/results/**'] },
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
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
