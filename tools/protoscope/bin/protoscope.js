#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx transpiles on the fly and resolves the @protoscope/* path
// aliases from the workspace tsconfig), so `npx protoscope` works right after `npm ci`, no build step.
const path = require('node:path');

const workspaceRoot = path.resolve(__dirname, '../../..');
process.env.TSX_TSCONFIG_PATH ??= path.join(workspaceRoot, 'tsconfig.json');
require('tsx/cjs');
require('../src/main.ts').main(process.argv);
