module.exports = {
  displayName: 'engine',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/engine',
};
