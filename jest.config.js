const { getJestProjectsAsync } = require('@nx/jest');

// `npm test` runs every project's Jest config from here in one run (one summary for CI);
// `nx test <project>` runs one project with its own config.
module.exports = async () => ({
  projects: await getJestProjectsAsync(),
  reporters: ['default', '<rootDir>/tools/jest/summary-line-reporter.js'],
});
