module.exports = {
  displayName: 'engine-torch',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/engine-torch',
};
