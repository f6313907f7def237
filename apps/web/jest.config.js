module.exports = {
  displayName: 'web',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // Pure logic only (specs, wiring, maths, tables, queries against the SDL); the browser test of the
  // whole app is tools/e2e.
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/web',
};
