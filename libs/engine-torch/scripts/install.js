'use strict';
// Install step of @protoscope/engine-torch: builds the native addon with node-gyp against the libtorch
// find-libtorch.js locates, with Node's headers from the running Node's own prefix (no download).
// Without a libtorch, or if the build fails, it prints one line saying why and exits 0: installing
// never fails on the optional native engine, and the engine falls back to the next backend.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { findLibtorch } = require('./find-libtorch');

const packageDir = path.resolve(__dirname, '..');
const say = (line) => process.stdout.write(`@protoscope/engine-torch: ${line}\n`);

function nodeGyp() {
  // npm bundles node-gyp; npm_config_node_gyp points at it when npm runs this script.
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((candidate) => candidate && fs.existsSync(candidate));
}

function main() {
  if (process.env.PROTOSCOPE_SKIP_TORCH_BUILD === '1') return say('not built (PROTOSCOPE_SKIP_TORCH_BUILD=1)');
  const found = findLibtorch();
  if ('reasons' in found) return say(`not built, no libtorch found (${found.reasons.join('; ')}); the engine will use the next backend`);
  const gyp = nodeGyp();
  if (!gyp) return say('not built, node-gyp not found (it ships with npm); the engine will use the next backend');
  const nodedir = path.resolve(path.dirname(process.execPath), '..');
  const jobs = String(Math.max(1, Math.min(4, require('node:os').cpus().length)));
  // The same libtorch and Node as the last build: an incremental build (make recompiles what changed
  // and keeps the working addon meanwhile); otherwise a clean one.
  const stampFile = path.join(packageDir, 'build', 'libtorch.json');
  const stamp = JSON.stringify({ include: found.include, lib: found.lib, abi: found.abi, cuda: found.cuda, onednn: found.onednn, openmp: found.systemOpenmp, node: process.version });
  const addon = path.join(packageDir, 'build', 'Release', 'protoscope_torch.node');
  const upToDate = fs.existsSync(addon) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  const build = spawnSync(process.execPath, [gyp, upToDate ? 'build' : 'rebuild', `--nodedir=${nodedir}`, '--jobs', jobs], {
    cwd: packageDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (build.status !== 0) {
    const log = path.join(packageDir, 'build-error.log');
    fs.writeFileSync(log, `${build.stdout}\n${build.stderr}`);
    const firstError = `${build.stderr}`.split('\n').find((line) => /error/i.test(line)) ?? `node-gyp exited with ${build.status}`;
    return say(`not built, compiling against ${found.source} (${found.lib}) failed: ${firstError.trim()} (full log: ${log})`);
  }
  fs.writeFileSync(stampFile, stamp);
  fs.rmSync(path.join(packageDir, 'build-error.log'), { force: true });
  say(`built against ${found.source} (${found.lib})`);
}

main();
