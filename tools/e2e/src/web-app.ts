/**
 * The web app as users get it: a production build (`next build`) served by `next start`. A build
 * is reused when it is newer than every file it is made from, so a second run of the test skips the
 * minute-long build; the output (`apps/web/.next`) is ignored by git.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, runToEnd, startProcess, waitForHttp, type RunningProcess } from './processes';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');
export const WEB_APP_DIR = path.join(WORKSPACE_ROOT, 'apps/web');
const NEXT_BIN = require.resolve('next/dist/bin/next', { paths: [WEB_APP_DIR] });
const BUILD_ID = path.join(WEB_APP_DIR, '.next/BUILD_ID');
/** What a build is made from: the app, the schema library, and the configuration they build with. */
const BUILD_INPUTS = ['apps/web/src', 'apps/web/next.config.mjs', 'apps/web/tsconfig.json', 'libs/graph/src', 'tsconfig.base.json', 'package-lock.json'];

function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

export function buildIsCurrent(): boolean {
  const built = fs.statSync(BUILD_ID, { throwIfNoEntry: false });
  if (!built) return false;
  return BUILD_INPUTS.every((input) => newestMtime(path.join(WORKSPACE_ROOT, input)) < built.mtimeMs);
}

const nextEnv = { NEXT_TELEMETRY_DISABLED: '1' };

export async function buildWebApp(): Promise<void> {
  if (buildIsCurrent()) return;
  await runToEnd('next build', process.execPath, [NEXT_BIN, 'build', WEB_APP_DIR], { cwd: WORKSPACE_ROOT, env: nextEnv });
}

export interface WebApp {
  url: string;
  process: RunningProcess;
}

/** `next start` on a free port, talking to the given GraphQL server (read per request, not baked into the build). */
export async function startWebApp(graphqlUrl: string): Promise<WebApp> {
  const port = await freePort();
  const running = startProcess('next start', process.execPath, [NEXT_BIN, 'start', WEB_APP_DIR, '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: WORKSPACE_ROOT,
    env: { ...nextEnv, NEXT_PUBLIC_PROTOSCOPE_GRAPHQL: graphqlUrl },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp('next start', url, running, 60_000);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return { url, process: running };
}
