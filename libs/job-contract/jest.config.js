module.exports = {
  displayName: 'job-contract',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/job-contract',
};
