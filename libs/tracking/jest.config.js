module.exports = {
  displayName: 'tracking',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/tracking',
  // Test titles are printed, so a PostgreSQL suite skipped for want of PROTOSCOPE_TEST_POSTGRES_URL
  // shows its reason ("… [postgres] SKIPPED: …") rather than only adding to the skipped count.
  verbose: true,
};
