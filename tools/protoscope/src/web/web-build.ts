/**
 * The notebook UI's production build (`next build` of apps/web): reused while it is newer than every
 * file it is made from, rebuilt otherwise. `protoscope start` and the end-to-end tests serve the same
 * build with `next start`; its output (`apps/web/.next`) is ignored by git.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

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

/** Builds the web app unless the build is current; `log` gets its output lines. Rejects with the output's tail on failure. */
export async function ensureWebBuild(log: (line: string) => void = () => undefined): Promise<void> {
  if (webBuildIsCurrent()) return;
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
