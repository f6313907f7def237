module.exports = {
  displayName: 'server',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/server',
  // Titles are printed so a PostgreSQL suite skipped for want of PROTOSCOPE_TEST_POSTGRES_URL shows why.
  verbose: true,
};
