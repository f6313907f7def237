/**
 * A server on a fresh SQLite store in a temporary folder, on a free port — for tests (and demos)
 * that need a real server: seed the store through `server.store`, query `server.graphqlUrl`,
 * subscribe on `server.subscriptionsUrl`. `close()` stops the server and deletes the folder.
 * Pass `storeUrl` to serve another store instead (e.g. PostgreSQL); the folder then holds only its
 * artifacts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStore, type OpenStoreOptions } from '@protoscope/tracking';
import { startServer, type RunningServer, type StartServerOptions } from '../server';

export interface TemporaryServer extends RunningServer {
  /** The store URL (with any password), for other processes (workers) to open. */
  storeUrl: string;
  /** The temporary folder (store file, artifacts). */
  dir: string;
}

export async function startTemporaryServer(
  options: Omit<StartServerOptions, 'store' | 'storeUrl' | 'port'> & { storeUrl?: string; storeOptions?: OpenStoreOptions } = {},
): Promise<TemporaryServer> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-server-'));
  const storeUrl = options.storeUrl ?? `sqlite:${path.join(dir, 'store.db')}`;
  const store = await openStore(storeUrl, { artifactsDir: path.join(dir, 'artifacts'), ...options.storeOptions });
  let server: RunningServer;
  try {
    server = await startServer({ ...options, store, port: 0 });
  } catch (error) {
    await store.close();
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...server,
    storeUrl,
    dir,
    async close() {
      await server.close();
      await store.close();
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}
