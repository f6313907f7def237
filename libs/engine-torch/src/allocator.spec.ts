import { spawnSync } from 'node:child_process';
import { ADDON_PATH } from './native-addon';
import { describeNative } from './testing/describe-native';

/**
 * Loading the addon tunes glibc's allocator (freed activations stay in the heap for the next step)
 * and gives tensors of 2 to 32 MB transparent huge pages, unless PROTOSCOPE_TORCH_MALLOC=default; each case
 * loads the addon in a fresh process, since the settings are made once, when the addon loads.
 */

function inFreshProcess(script: string, env: NodeJS.ProcessEnv): string {
  const child = spawnSync(process.execPath, ['-e', `const addon = require(${JSON.stringify(ADDON_PATH)}); ${script}`], {
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`loading the addon failed: ${child.stderr.split('\n')[0]}`);
  return child.stdout;
}

const allocatorTunedIn = (env: NodeJS.ProcessEnv) => inFreshProcess('process.stdout.write(String(addon.allocatorTuned))', env);

// 3·2²⁰ floats (12 MB, several huge pages) through a kernel and back: x_i = i mod 1000, −x read back.
const LARGE_ROUND_TRIP = `
  const n = 3 << 20;
  const x = new Float32Array(n).map((_, i) => i % 1000);
  const id = addon.write(x, [n], 0);
  const [negated] = addon.run('Neg', [id], []);
  const y = addon.read(negated);
  let wrong = 0;
  for (let i = 0; i < n; i++) if (y[i] !== -(i % 1000)) wrong++;
  process.stdout.write(String(wrong));`;

describeNative('torch addon allocator settings', () => {
  it('keeps freed memory in the heap by default, and glibc’s settings with PROTOSCOPE_TORCH_MALLOC=default', () => {
    // An undefined value leaves the variable out of the child's environment.
    expect(allocatorTunedIn({ PROTOSCOPE_TORCH_MALLOC: undefined })).toBe(process.platform === 'linux' ? 'true' : 'false');
    expect(allocatorTunedIn({ PROTOSCOPE_TORCH_MALLOC: 'default' })).toBe('false');
  });

  it('large tensors on the huge-page allocator hold their values, as on libtorch’s own', () => {
    expect(inFreshProcess(LARGE_ROUND_TRIP, { PROTOSCOPE_TORCH_MALLOC: undefined })).toBe('0');
    expect(inFreshProcess(LARGE_ROUND_TRIP, { PROTOSCOPE_TORCH_MALLOC: 'default' })).toBe('0');
  });
});

describeNative('OpenMP waiting chosen when the addon loads', () => {
  // loadTorchAddon sets the environment libgomp reads as it loads; an explicit choice is kept.
  const waitingAfterLoad = (env: NodeJS.ProcessEnv) => {
    const script = `require('tsx/cjs'); require(${JSON.stringify(require.resolve('./native-addon'))}).loadTorchAddon();
      process.stdout.write(JSON.stringify([process.env.OMP_WAIT_POLICY ?? null, process.env.GOMP_SPINCOUNT ?? null]));`;
    const child = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
    if (child.status !== 0) throw new Error(`loading the addon failed: ${child.stderr.split('\n')[0]}`);
    return JSON.parse(child.stdout) as [string | null, string | null];
  };

  it('spins briefly (GOMP_SPINCOUNT 10000) unless OMP_WAIT_POLICY or GOMP_SPINCOUNT is set', () => {
    expect(waitingAfterLoad({ OMP_WAIT_POLICY: undefined, GOMP_SPINCOUNT: undefined })).toEqual([null, '10000']);
    expect(waitingAfterLoad({ OMP_WAIT_POLICY: 'PASSIVE', GOMP_SPINCOUNT: undefined })).toEqual(['PASSIVE', null]);
    expect(waitingAfterLoad({ OMP_WAIT_POLICY: undefined, GOMP_SPINCOUNT: '500' })).toEqual([null, '500']);
  });
});
