/**
 * The notebook UI's production build (`next build` of apps/web): reused while it is newer than every
 * file it is made from, rebuilt otherwise. `protoscope start` and the end-to-end tests serve the same
 * build with `next start`; its output (`apps/web/.next`) is ignored by git.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
export const WEB_APP_DIR = path.join(WORKSPACE_ROOT, 'apps/web');
export const NEXT_BIN = require.resolve('next/dist/bin/next', { paths: [WEB_APP_DIR] });
const BUILD_ID = path.join(WEB_APP_DIR, '.next/BUILD_ID');
/** What a build is made from: the app, the libraries it bundles (schema, notebook document), and the configuration they build with. */
const BUILD_INPUTS = ['apps/web/src', 'apps/web/next.config.mjs', 'apps/web/tsconfig.json', 'libs/graph/src', 'libs/notebook-doc/src', 'tsconfig.base.json', 'package-lock.json'];

export const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1' };

function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

export function webBuildIsCurrent(): boolean {
  const built = fs.statSync(BUILD_ID, { throwIfNoEntry: false });
  if (!built) return false;
  return BUILD_INPUTS.every((input) => newestMtime(path.join(WORKSPACE_ROOT, input)) < built.mtimeMs);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One build at a time per checkout (test files building in parallel workers, a test and `npm start`):
 * a second caller waits for the first, then finds its build current. The lock file holds the
 * builder's pid, so a lock left by a killed process is taken over. It lives outside `.next`, which
 * `next build` empties.
 */
async function withBuildLock(work: () => Promise<void>): Promise<void> {
  const lock = path.join(os.tmpdir(), `protoscope-web-build-${createHash('sha256').update(WORKSPACE_ROOT).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number;
    try {
      holder = Number(fs.readFileSync(lock, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      throw error;
    }
    // No pid yet: the lock is being written this instant (or its writer died doing so, long ago).
    const written = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const alive = Number.isInteger(holder) && holder > 0 ? processAlive(holder) : Date.now() - written < 5000;
    if (alive) await sleep(500);
    else fs.rmSync(lock, { force: true });
  }
  try {
    await work();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Builds the web app unless the build is current; `log` gets its output lines. Rejects with the output's tail on failure. */
export async function ensureWebBuild(log: (line: string) => void = () => undefined): Promise<void> {
  if (webBuildIsCurrent()) return;
  await withBuildLock(async () => {
    if (!webBuildIsCurrent()) await build(log);
  });
}

async function build(log: (line: string) => void): Promise<void> {
  let output = '';
  const child = spawn(process.execPath, [NEXT_BIN, 'build', WEB_APP_DIR], { cwd: WORKSPACE_ROOT, env: { ...process.env, ...NEXT_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`next build exited with code ${code}; its last output:\n${output.slice(-4000)}`);
}
