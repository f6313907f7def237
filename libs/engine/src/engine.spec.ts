import * as tf from '@tensorflow/tfjs-core';
import { Conv2DBackpropFilter, UnsortedSegmentSum } from '@tensorflow/tfjs-core';
import type { PackageLoader } from './backend-candidates';
import { currentEngine, describeEngine, EngineError, initEngine, resetEngineForTests, torchAddonBuiltForTests } from './engine';

/**
 * Backend bootstrap: the fallback order torch-cuda → torch → tensorflow-gpu → tensorflow → wasm → cpu when packages are
 * missing (simulated with an injected loader), PROTOSCOPE_BACKEND, and the errors for bad choices.
 * tfjs backends are process-global, so these cases live in their own spec file.
 */

const ENV_VAR = 'PROTOSCOPE_BACKEND';
const NODE = '@tensorflow/tfjs-node';
const NODE_GPU = '@tensorflow/tfjs-node-gpu';
const WASM = '@tensorflow/tfjs-backend-wasm';
const CPU = '@tensorflow/tfjs-backend-cpu';
const TORCH = '@protoscope/engine-torch';

/** Loads packages normally, except the named ones, which fail the way Node's resolver does. */
function loaderWithout(...missing: string[]): PackageLoader & { requested: string[] } {
  const requested: string[] = [];
  const load = (name: string): unknown => {
    requested.push(name);
    if (missing.some((m) => name === m || name.startsWith(`${m}/`))) {
      throw Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- ${__filename}`), { code: 'MODULE_NOT_FOUND' });
    }
    return require(name);
  };
  return Object.assign(load, { requested });
}

function version(packageName: string): string {
  return (require(`${packageName}/package.json`) as { version: string }).version;
}

let savedEnv: string | undefined;
let lines: string[];
const log = (line: string) => void lines.push(line);

beforeEach(() => {
  savedEnv = process.env[ENV_VAR];
  delete process.env[ENV_VAR];
  resetEngineForTests();
  lines = [];
});

afterEach(() => {
  if (savedEnv === undefined) delete process.env[ENV_VAR];
  else process.env[ENV_VAR] = savedEnv;
  resetEngineForTests();
});

describe('automatic choice', () => {
  test('without the native packages it picks wasm, reports tensorflow as not installed, and logs once', async () => {
    const load = loaderWithout(TORCH, NODE, NODE_GPU);
    const info = await initEngine({ load, log });
    expect(info.backend).toBe('wasm');
    expect(info.tfBackend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.packageName).toBe(WASM);
    expect(info.packageVersion).toBe(version(WASM));
    expect(typeof info.simd).toBe('boolean');
    expect(info.skipped).toContainEqual({ backend: 'tensorflow', reason: 'package not installed' });
    // The GPU package is passed over either way: no CUDA device answers here, or it is not installed.
    const gpu = info.skipped.find((s) => s.backend === 'tensorflow-gpu');
    expect(['no device answered', 'package not installed']).toContain(gpu?.reason);
    expect(info.skipped.map((s) => s.backend)).toEqual(['torch-cuda', 'torch', 'tensorflow-gpu', 'tensorflow']);
    expect(load.requested).toContain(NODE);
    // The supplied gradient kernels are installed on wasm.
    expect(tf.getKernel(Conv2DBackpropFilter, 'wasm')).toBeDefined();
    expect(tf.getKernel(UnsortedSegmentSum, 'wasm')).toBeDefined();
    // One line, naming the choice and what was passed over.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(describeEngine(info));
    expect(lines[0]).toContain('wasm');
    expect(lines[0]).toContain(`${WASM}@${version(WASM)}`);
    expect(lines[0]).toContain('tensorflow (package not installed)');
    expect(currentEngine()).toBe(info);
  });

  test('the choice is made once: a second call returns it without loading or logging again', async () => {
    const first = await initEngine({ load: loaderWithout(TORCH, NODE, NODE_GPU), log });
    const load = loaderWithout(TORCH, NODE, NODE_GPU);
    const second = await initEngine({ load, log });
    expect(second).toBe(first);
    expect(load.requested).toEqual([]);
    expect(lines).toHaveLength(1);
  });

  test('when wasm cannot load either it falls back to cpu', async () => {
    const info = await initEngine({ load: loaderWithout(TORCH, NODE, NODE_GPU, WASM), log });
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.packageName).toBe(CPU);
    expect(info.packageVersion).toBe(version(CPU));
    expect(info.simd).toBeUndefined();
    expect(info.skipped).toContainEqual({ backend: 'tensorflow', reason: 'package not installed' });
    expect(info.skipped).toContainEqual({ backend: 'wasm', reason: 'package not installed' });
    expect(lines).toEqual([describeEngine(info)]);
    expect(lines[0]).toContain('wasm (package not installed)');
  });

  test("a load failure other than a missing package is reported with its message's first line", async () => {
    const load: PackageLoader = (name) => {
      if (name === NODE) throw new Error('libtensorflow.so.2: cannot open shared object file\nat dlopen');
      return loaderWithout(TORCH, NODE_GPU)(name);
    };
    const info = await initEngine({ load, log });
    expect(info.backend).toBe('wasm');
    expect(info.skipped).toContainEqual({ backend: 'tensorflow', reason: 'libtensorflow.so.2: cannot open shared object file' });
  });

  test('with no usable backend at all it throws an EngineError listing every reason', async () => {
    const attempt = initEngine({ load: loaderWithout(TORCH, NODE, NODE_GPU, WASM, CPU), log });
    await expect(attempt).rejects.toBeInstanceOf(EngineError);
    await expect(attempt).rejects.toThrow(/no compute backend could be started/);
    await expect(attempt).rejects.toThrow(/tensorflow: package not installed.*wasm: package not installed.*cpu: package not installed/);
    expect(lines).toEqual([]);
  });

  test.each(['auto', ''])('PROTOSCOPE_BACKEND=%j means the automatic choice', async (value) => {
    process.env[ENV_VAR] = value;
    const info = await initEngine({ load: loaderWithout(TORCH, NODE, NODE_GPU), log });
    expect(info.backend).toBe('wasm');
  });
});

describe('forcing a backend', () => {
  test('PROTOSCOPE_BACKEND=cpu forces cpu although wasm is available', async () => {
    process.env[ENV_VAR] = 'cpu';
    const load = loaderWithout(TORCH, NODE, NODE_GPU);
    const info = await initEngine({ load, log });
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.skipped).toEqual([]);
    expect(load.requested).not.toContain(WASM);
    expect(load.requested).not.toContain(NODE);
  });

  test('the backend option takes precedence over PROTOSCOPE_BACKEND', async () => {
    process.env[ENV_VAR] = 'wasm';
    const info = await initEngine({ backend: 'cpu', load: loaderWithout(TORCH, NODE, NODE_GPU), log });
    expect(info.backend).toBe('cpu');
  });

  test('forcing a different backend than the current one switches to it', async () => {
    const load = loaderWithout(TORCH, NODE, NODE_GPU);
    expect((await initEngine({ load, log })).backend).toBe('wasm');
    process.env[ENV_VAR] = 'cpu';
    const info = await initEngine({ load, log });
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(lines).toHaveLength(2);
  });

  test('an unknown name in PROTOSCOPE_BACKEND is a clear EngineError naming it and the valid choices', async () => {
    process.env[ENV_VAR] = 'gpu';
    const attempt = initEngine({ load: loaderWithout(TORCH, NODE, NODE_GPU), log });
    await expect(attempt).rejects.toBeInstanceOf(EngineError);
    await expect(attempt).rejects.toThrow(/'gpu'/);
    await expect(attempt).rejects.toThrow(/PROTOSCOPE_BACKEND/);
    await expect(attempt).rejects.toThrow(/auto, torch-cuda, torch, tensorflow-gpu, tensorflow, wasm, cpu/);
    expect(currentEngine()).toBeUndefined();
  });

  test('an unknown name in the backend option is an EngineError that blames the option', async () => {
    const attempt = initEngine({ backend: 'webgpu' as never, load: loaderWithout(TORCH, NODE, NODE_GPU), log });
    await expect(attempt).rejects.toBeInstanceOf(EngineError);
    await expect(attempt).rejects.toThrow(/'webgpu'.*backend option/);
  });

  test.each([
    { forced: 'tensorflow', missing: [NODE, NODE_GPU] },
    { forced: 'wasm', missing: [NODE, NODE_GPU, WASM] },
    { forced: 'torch', missing: [TORCH] },
  ])('forcing $forced when it cannot load is an EngineError naming it, not a silent fallback', async ({ forced, missing }) => {
    process.env[ENV_VAR] = forced;
    const attempt = initEngine({ load: loaderWithout(...missing), log });
    await expect(attempt).rejects.toBeInstanceOf(EngineError);
    await expect(attempt).rejects.toThrow(new RegExp(`'${forced}'.*not usable.*${forced}: package not installed`));
    expect(currentEngine()).toBeUndefined();
    expect(lines).toEqual([]);
  });
});

describe('the torch tier', () => {
  test('without the engine-torch package both torch tiers are passed over as not installed', async () => {
    const info = await initEngine({ load: loaderWithout(TORCH, NODE, NODE_GPU), log });
    expect(info.skipped.slice(0, 2)).toEqual([
      { backend: 'torch-cuda', reason: 'package not installed' },
      { backend: 'torch', reason: 'package not installed' },
    ]);
  });

  test('an addon that was not built is passed over with its one-line reason', async () => {
    const load: PackageLoader = (name) => {
      if (name === TORCH) {
        return {
          torchCudaDevices: () => {
            throw new Error('the libtorch addon is not built (no libtorch was found at install; see docs/engine.md)');
          },
        };
      }
      return loaderWithout(NODE, NODE_GPU)(name);
    };
    const info = await initEngine({ load, log });
    expect(info.backend).toBe('wasm');
    expect(info.skipped[0]).toEqual({ backend: 'torch-cuda', reason: 'the libtorch addon is not built (no libtorch was found at install; see docs/engine.md)' });
  });

  const built = torchAddonBuiltForTests();
  (built ? test : test.skip)('where the addon is built, the automatic choice is torch on every core (torch-cuda needs a CUDA libtorch and a device)', async () => {
    const info = await initEngine({ load: loaderWithout(NODE, NODE_GPU), log });
    expect(info.backend).toBe('torch');
    expect(info.tfBackend).toBe('torch');
    expect(tf.getBackend()).toBe('torch');
    expect(info.packageName).toBe(TORCH);
    expect(info.library).toMatch(/^libtorch \d+\.\d+\.\d+.*, CPU$/);
    expect(info.threads).toBe(require('node:os').availableParallelism());
    expect(info.skipped).toEqual([{ backend: 'torch-cuda', reason: 'no device answered' }]);
    expect(lines).toEqual([describeEngine(info)]);
    expect(lines[0]).toMatch(/compute backend torch \(libtorch .*, CPU, \d+ threads?\) via @protoscope\/engine-torch@/);
  });
});
