/**
 * The web app as users get it: a production build (`next build`) served by `next start`. A build
 * is reused when it is newer than every file it is made from, so a second run of the test skips the
 * minute-long build; the output (`apps/web/.next`) is ignored by git.
 */
import { ensureWebBuild, NEXT_BIN, NEXT_ENV as nextEnv, WEB_APP_DIR, WORKSPACE_ROOT } from '@protoscope/web-build';
import { freePort } from '@protoscope/tracking/free-port';
import { startProcess, waitForHttp, type RunningProcess } from './processes';

export { WEB_APP_DIR, WORKSPACE_ROOT };

export async function buildWebApp(): Promise<void> {
  await ensureWebBuild();
}

export interface WebApp {
  url: string;
  process: RunningProcess;
}

/** `next start` on `port` (default a free one), talking to the given GraphQL server (read per request, not baked into the build). */
export async function startWebApp(graphqlUrl: string, port?: number): Promise<WebApp> {
  port ??= await freePort();
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
