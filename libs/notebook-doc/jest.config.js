module.exports = {
  displayName: 'notebook-doc',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/notebook-doc',
};
