// Worker threads start as plain Node: register tsx (TypeScript + the @protoscope/* aliases) first.
const path = require('node:path');

process.env.TSX_TSCONFIG_PATH ??= path.resolve(__dirname, '../../../../../tsconfig.json');
require('tsx/cjs');
require('./train-thread-worker.ts');
