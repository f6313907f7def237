import { spawnSync } from 'node:child_process';
import { ADDON_PATH, torchAddonBuilt } from './native-addon';

/**
 * Loading the addon tunes glibc's allocator (freed activations stay in the heap for the next step)
 * unless PROTOSCOPE_TORCH_MALLOC=default; each case loads the addon in a fresh process, since the
 * settings are made once, when the addon loads.
 */

function allocatorTunedIn(env: NodeJS.ProcessEnv): string {
  const child = spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(ADDON_PATH)}).allocatorTuned))`], {
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`loading the addon failed: ${child.stderr.split('\n')[0]}`);
  return child.stdout;
}

(torchAddonBuilt() ? describe : describe.skip)('torch addon allocator settings', () => {
  it('keeps freed memory in the heap by default, and glibc’s settings with PROTOSCOPE_TORCH_MALLOC=default', () => {
    // An undefined value leaves the variable out of the child's environment.
    expect(allocatorTunedIn({ PROTOSCOPE_TORCH_MALLOC: undefined })).toBe(process.platform === 'linux' ? 'true' : 'false');
    expect(allocatorTunedIn({ PROTOSCOPE_TORCH_MALLOC: 'default' })).toBe('false');
  });
});
