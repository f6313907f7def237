module.exports = {
  displayName: 'core-models',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/core-models',
};
