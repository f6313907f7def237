/**
 * The GraphQL server in its own process, the way `tsx apps/server/src/main.ts` runs it (tools may not
 * import the server app), on a given store and a free port.
 */
import * as path from 'node:path';
import { freePort, startProcess, waitForHttp, type RunningProcess } from './processes';
import { WORKSPACE_ROOT } from './web-app';

export interface GraphServer {
  url: string;
  graphqlUrl: string;
  process: RunningProcess;
}

export async function startGraphServer(storeUrl: string): Promise<GraphServer> {
  const port = await freePort();
  const running = startProcess('the GraphQL server', process.execPath, ['-r', 'tsx/cjs', path.join(WORKSPACE_ROOT, 'apps/server/src/main.ts')], {
    cwd: WORKSPACE_ROOT,
    env: { PROTOSCOPE_STORE: storeUrl, PORT: String(port), HOST: '127.0.0.1', TSX_TSCONFIG_PATH: path.join(WORKSPACE_ROOT, 'tsconfig.json') },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp('the GraphQL server', `${url}/healthz`, running, 90_000);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return { url, graphqlUrl: `${url}/graphql`, process: running };
}
