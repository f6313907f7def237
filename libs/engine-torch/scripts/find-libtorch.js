'use strict';
// Finds the libtorch the native addon is built against, in the order the engine documents:
// PROTOSCOPE_LIBTORCH, then the Python `torch` on PATH, then Debian's libtorch-dev.
// Used by the install script and by binding.gyp (`node find-libtorch.js include|lib|abi|source|onednn|openmp|libraries`).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const hasHeaders = (include) => fs.existsSync(path.join(include, 'ATen', 'ATen.h'));
const hasLibrary = (lib) => fs.existsSync(path.join(lib, 'libtorch.so')) || fs.existsSync(path.join(lib, 'libtorch.dylib'));

/** The _GLIBCXX_USE_CXX11_ABI a libtorch distribution was built with, from its CMake config (1 when not stated). */
function abiOf(root) {
  const config = path.join(root, 'share', 'cmake', 'Torch', 'TorchConfig.cmake');
  const match = fs.existsSync(config) && /_GLIBCXX_USE_CXX11_ABI=([01])/.exec(fs.readFileSync(config, 'utf8'));
  return match ? Number(match[1]) : 1;
}

function fromDirectory(root, source) {
  const include = path.join(root, 'include');
  const lib = path.join(root, 'lib');
  if (!hasHeaders(include)) return { reason: `${source} ${root} has no include/ATen/ATen.h` };
  if (!hasLibrary(lib)) return { reason: `${source} ${root} has no lib/libtorch.so` };
  return { source, include, lib, abi: abiOf(root), cuda: fs.existsSync(path.join(lib, 'libtorch_cuda.so')), onednn: false, systemOpenmp: false };
}

function fromPython() {
  const script = 'import torch, torch.utils; print(torch.utils.cmake_prefix_path); print(int(torch._C._GLIBCXX_USE_CXX11_ABI))';
  let out;
  try {
    out = execFileSync('python3', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  } catch {
    return { reason: 'python3 on PATH has no torch' };
  }
  const [prefix, abi] = out.trim().split('\n');
  const found = fromDirectory(path.resolve(prefix, '..', '..'), 'the Python torch at');
  return 'reason' in found ? found : { ...found, abi: Number(abi) };
}

function fromDebian() {
  const include = '/usr/include';
  if (!hasHeaders(include)) return { reason: "Debian's libtorch-dev is not installed" };
  const libRoot = '/usr/lib';
  const dirs = fs.existsSync(libRoot) ? fs.readdirSync(libRoot).map((d) => path.join(libRoot, d)) : [];
  const lib = [libRoot, ...dirs].find((dir) => hasLibrary(dir));
  if (!lib) return { reason: "Debian's libtorch headers are installed but no libtorch.so was found under /usr/lib" };
  return { source: "Debian's libtorch-dev", include, lib, abi: 1, cuda: false, onednn: hasOneDnn(include, lib), systemOpenmp: true };
}

/**
 * Debian's libtorch runs its convolutions on the system oneDNN (libdnnl.so.2); with libdnnl-dev's
 * headers the addon calls that same library for fused convolutions. A pip or LibTorch download embeds
 * a private oneDNN, so those builds leave it out.
 */
function hasOneDnn(include, lib) {
  return fs.existsSync(path.join(include, 'oneapi', 'dnnl', 'dnnl.hpp')) && fs.existsSync(path.join(lib, 'libdnnl.so'));
}

/** The first libtorch found, or { reasons } saying why each place had none. */
function findLibtorch(env = process.env) {
  const reasons = [];
  const explicit = env.PROTOSCOPE_LIBTORCH;
  if (explicit) {
    const found = fromDirectory(path.resolve(explicit), 'PROTOSCOPE_LIBTORCH');
    // An explicit choice that does not work is reported, never silently replaced.
    return 'reason' in found ? { reasons: [found.reason] } : found;
  }
  for (const attempt of [fromPython, fromDebian]) {
    const found = attempt();
    if (!('reason' in found)) return found;
    reasons.push(found.reason);
  }
  return { reasons };
}

module.exports = { findLibtorch };

if (require.main === module) {
  const found = findLibtorch();
  if ('reasons' in found) {
    process.stderr.write(`no libtorch: ${found.reasons.join('; ')}\n`);
    process.exit(1);
  }
  const field = process.argv[2] ?? 'source';
  // CUDA builds register their kernels from libtorch_cuda at load time, so it is linked explicitly.
  const libraries = ['-ltorch', '-ltorch_cpu', '-lc10', ...(found.cuda ? ['-ltorch_cuda', '-lc10_cuda'] : []), ...(found.onednn ? ['-ldnnl'] : [])];
  // The addon's own parallel loops (at::parallel_for is inline) need OpenMP compiled in, on the same
  // libgomp as libtorch: Debian's links the system one; a pip libtorch bundles its own, so there the
  // loops stay serial rather than start a second OpenMP runtime.
  const openmp = found.systemOpenmp ? '-fopenmp' : '-fopenmp-simd';
  const values = { ...found, libraries: libraries.join(' '), onednn: found.onednn ? 1 : 0, openmp };
  process.stdout.write(String(values[field]));
}
