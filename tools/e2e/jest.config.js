// End-to-end tests: the built web app in a real headless Chromium against a real server on a seeded
// temporary store. Slow by nature (a production build of the web app), so they live in their own
// project; `npm test` runs them with everything else.
module.exports = {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  coverageDirectory: '../../coverage/tools/e2e',
};
