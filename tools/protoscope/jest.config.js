module.exports = {
  displayName: 'protoscope',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/tools/protoscope',
};
