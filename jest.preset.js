// Shared Jest settings for every project: Nx's preset (tsconfig path resolution), with SWC as the
// TypeScript transform because it is an order of magnitude faster than ts-jest; type checking is
// done once by `npm run typecheck` instead of in every test run.
const { nxPreset } = require('@nx/jest/preset');

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.(ts|js|mts|mjs|cts|cjs)$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/'],
  setupFiles: [require.resolve('./tools/jest/quiet-tfjs.js')],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
