/**
 * A server on a fresh SQLite store in a temporary folder, on a free port — for tests (and demos)
 * that need a real server: seed the store through `server.store`, query `server.graphqlUrl`,
 * subscribe on `server.subscriptionsUrl`. `close()` stops the server and deletes the folder.
 * The store gets an owner account, `owner`, whose `write` API token is `server.token` (the fixtures'
 * `graphql`, `queryData`, `subscribe` and `server.fetch` send it); `signIn` makes other callers.
 * Pass `storeUrl` to serve another store instead (e.g. PostgreSQL); the folder then holds only its
 * artifacts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStore, type OpenStoreOptions, type Role, type TokenScope, type User } from '@protoscope/tracking';
import { startServer, type RunningServer, type StartServerOptions } from '../server';

export interface TemporaryServer extends RunningServer {
  /** The store URL (with any password), for other processes (workers) to open. */
  storeUrl: string;
  /** The temporary folder (store file, artifacts). */
  dir: string;
  /** The workspace owner account made for the test. */
  owner: User;
  /** A `write` API token of the owner. */
  token: string;
  /** fetch with the owner's token (binary endpoints). */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /**
   * Another caller of this server: a new account with `role` (unless `as` names an existing one)
   * and a credential — an API token of `scope`, or a browser session for `'session'`. The result
   * works with the fixtures like the server itself (`graphql(client, …)`).
   */
  signIn(options: { role?: Role; scope?: TokenScope | 'session'; as?: string }): Promise<SignedInClient>;
}

export interface SignedInClient {
  url: string;
  graphqlUrl: string;
  subscriptionsUrl: string;
  user: User;
  /** The bearer secret (an API token, or the session secret that the cookie would carry). */
  token: string;
  /** The id of the token or session, for revocation. */
  credentialId: string;
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

export function bearerFetch(token: string): (url: string, init?: RequestInit) => Promise<Response> {
  return (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(url, { ...init, headers });
  };
}

export async function startTemporaryServer(
  options: Omit<StartServerOptions, 'store' | 'storeUrl' | 'port'> & { storeUrl?: string; storeOptions?: OpenStoreOptions } = {},
): Promise<TemporaryServer> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-server-'));
  const storeUrl = options.storeUrl ?? `sqlite:${path.join(dir, 'store.db')}`;
  const store = await openStore(storeUrl, { artifactsDir: path.join(dir, 'artifacts'), ...options.storeOptions });
  let server: RunningServer;
  let owner: User;
  let token: string;
  try {
    owner = await store.users.create({ name: `owner-${path.basename(dir).slice(-6)}`, role: 'owner' });
    token = (await store.apiTokens.create(owner.id, { name: 'test owner', scope: 'write' })).secret;
    server = await startServer({ dataRoots: [dir], ...options, store, port: 0 });
  } catch (error) {
    await store.close();
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }
  let made = 0;
  return {
    ...server,
    storeUrl,
    dir,
    owner,
    token,
    fetch: bearerFetch(token),
    async signIn({ role = 'editor', scope = 'write', as }) {
      const user = as !== undefined ? await store.users.get(as) : await store.users.create({ name: `${role}-${++made}`, role });
      const { secret, id } =
        scope === 'session'
          ? await store.sessions.create(user.id).then((s) => ({ secret: s.secret, id: s.session.id }))
          : await store.apiTokens.create(user.id, { name: `test ${scope}`, scope }).then((t) => ({ secret: t.secret, id: t.token.id }));
      const { url, graphqlUrl, subscriptionsUrl } = server;
      return { url, graphqlUrl, subscriptionsUrl, user, token: secret, credentialId: id, fetch: bearerFetch(secret) };
    },
    async close() {
      await server.close();
      await store.close();
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}
