/**
 * Browser sessions (password login, one-time links, sign-out), CSRF and CORS, foreign Host and
 * Origin on HTTP and websockets, revocation reaching the next request and open sockets, and
 * per-notebook shares — all against a real server.
 */
import * as http from 'node:http';
import WebSocket from 'ws';
import type { LiveSubscription } from '../testing/server-fixtures';
import { describeEachServer, graphql, subscribe, type GraphTarget } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

// Real servers on two databases, on a machine other tests share: generous per-test time.
jest.setTimeout(30_000);

/** Opens a graphql-ws connection by hand; resolves with how it ended up. */
function connect(url: string, headers: Record<string, string>, payload?: Record<string, unknown>): Promise<{ acked: boolean; closeCode?: number; httpStatus?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    let acked = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        acked = true;
        socket.close(1000);
      }
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve({ acked: false, httpStatus: res.statusCode });
      socket.terminate();
    });
    socket.on('close', (code) => resolve({ acked, closeCode: code }));
    socket.on('error', () => undefined);
  });
}

const cookieOf = (response: Response) => response.headers.get('set-cookie') ?? '';

/** A request with a Host header of our choosing (fetch does not let one be set). */
function requestWithHost(url: string, host: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { ...headers, host } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += String(chunk)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Waits for the subscription's first event, queuing a job every 100 ms until one comes. */
async function firstJobEvent(server: TemporaryServer, live: LiveSubscription<unknown>): Promise<void> {
  let got = false;
  const waiting = live.waitFor(1).then(() => (got = true));
  while (!got) {
    await server.store.jobs.enqueue({ kind: 'explain', payload: {} });
    await Promise.race([waiting, new Promise((r) => setTimeout(r, 100))]);
  }
}

describeEachServer('sessions, origins and revocation', (factory) => {
  let server: TemporaryServer;
  const WEB = 'http://127.0.0.1:39999';
  beforeAll(async () => {
    server = await factory.start({ webOrigins: [WEB], revalidateMs: 100 });
    await server.store.users.create({ name: 'ada', role: 'editor', password: 'analytical engine' });
  });
  afterAll(() => server?.close());

  const withCookie = (cookie: string, query: string, headers: Record<string, string> = {}) =>
    fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify({ query }) });

  it('signs in with a password into an HttpOnly SameSite=Lax cookie, and out again', async () => {
    const wrong = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ada', password: 'nope nope' }) });
    expect(wrong.status).toBe(401);
    const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ada', password: 'analytical engine' }) });
    expect(login.status).toBe(200);
    const setCookie = cookieOf(login);
    expect(setCookie).toMatch(/^protoscope_session=pss_[A-Za-z0-9_-]+;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    const cookie = setCookie.split(';')[0];
    const me = (await (await withCookie(cookie, '{ me { name role credential } }')).json()) as { data: unknown };
    expect(me.data).toEqual({ me: { name: 'ada', role: 'EDITOR', credential: 'SESSION' } });
    // A form post works as well (the login page may post without scripts).
    const form = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=ada&password=analytical+engine' });
    expect(form.status).toBe(200);
    const logout = await fetch(`${server.url}/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(cookieOf(logout)).toMatch(/protoscope_session=;/);
    expect((await withCookie(cookie, '{ me { name } }')).status).toBe(401);
  });

  it('slows down password guessing: after five wrong passwords the sixth try waits (429, Retry-After)', async () => {
    await server.store.users.create({ name: 'eve', role: 'viewer', password: 'a long password' });
    const attempt = (password: string) =>
      fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'eve', password }) });
    for (let i = 0; i < 6; i++) expect((await attempt(`guess ${i}`)).status).toBe(401);
    const blocked = await attempt('a long password');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await attempt('a long password')).status).toBe(200);
  });

  it('consumes a one-time login link once and redirects only to this server or a web origin', async () => {
    const link = await server.store.loginLinks.create(server.owner.id);
    const first = await fetch(`${server.url}/auth/link?token=${link.secret}&next=${encodeURIComponent(`${WEB}/notebooks/demo`)}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${WEB}/notebooks/demo`);
    const cookie = cookieOf(first).split(';')[0];
    expect(((await (await withCookie(cookie, '{ me { role } }')).json()) as { data: unknown }).data).toEqual({ me: { role: 'OWNER' } });
    const again = await fetch(`${server.url}/auth/link?token=${link.secret}`, { redirect: 'manual' });
    expect(again.status).toBe(401);
    const other = await server.store.loginLinks.create(server.owner.id);
    const foreign = await fetch(`${server.url}/auth/link?token=${other.secret}&next=${encodeURIComponent('https://evil.example/')}`, { redirect: 'manual' });
    expect(foreign.headers.get('location')).toBe(WEB);
  });

  it('protects cookie sessions against cross-site requests: JSON only, foreign Origins refused, CORS for the web origin only', async () => {
    const { secret } = await server.store.sessions.create(server.owner.id);
    const cookie = `protoscope_session=${secret}`;
    // A form-like (simple) request cannot carry a mutation.
    const simple = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'text/plain', cookie }, body: JSON.stringify({ query: 'mutation { createNotebook(title: "x") { id } }' }) });
    expect(simple.status).toBeGreaterThanOrEqual(400);
    expect((await server.store.notebooks.list()).map((n) => n.title)).not.toContain('x');
    const evil = await withCookie(cookie, 'mutation { createNotebook(title: "evil") { id } }', { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await server.store.notebooks.list()).map((n) => n.title)).not.toContain('evil');
    const web = await withCookie(cookie, '{ me { name } }', { origin: WEB });
    expect(web.status).toBe(200);
    expect(web.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(web.headers.get('access-control-allow-credentials')).toBe('true');
    const preflight = await fetch(server.graphqlUrl, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, on HTTP and on websocket upgrades', async () => {
    const port = new URL(server.url).port;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${server.token}` };
    const rebound = await requestWithHost(server.graphqlUrl, `evil.example:${port}`, headers, '{"query":"{ me { name } }"}');
    expect(rebound.status).toBe(403);
    expect((JSON.parse(rebound.body) as { error: string }).error).toMatch(/Host "evil.example:\d+" is not a name of this server/);
    expect((await requestWithHost(server.graphqlUrl, `localhost:${port}`, headers, '{"query":"{ me { name } }"}')).status).toBe(200);
    const refused = (r: { acked: boolean; closeCode?: number; httpStatus?: number }) => !r.acked && (r.closeCode === 4403 || r.httpStatus === 403);
    expect(refused(await connect(server.subscriptionsUrl, { origin: 'http://evil.example' }, { token: server.token }))).toBe(true);
    expect(refused(await connect(server.subscriptionsUrl, { host: `evil.example:${port}` }, { token: server.token }))).toBe(true);
    expect(await connect(server.subscriptionsUrl, { origin: WEB }, { token: server.token })).toEqual({ acked: true, closeCode: 1000 });
    // The upgrade's session cookie identifies a browser's socket.
    const { secret } = await server.store.sessions.create(server.owner.id);
    expect((await connect(server.subscriptionsUrl, { origin: WEB, cookie: `protoscope_session=${secret}` })).acked).toBe(true);
    expect(await connect(server.subscriptionsUrl, { origin: WEB })).toMatchObject({ acked: false, closeCode: 4401 });
  });

  it('a revoked token is refused on the next request and its open subscription socket is closed', async () => {
    const script = await server.signIn({ role: 'editor', scope: 'write' });
    expect((await graphql(script, '{ me { name } }')).status).toBe(200);
    const live = subscribe(script, 'subscription { jobs { id } }');
    await firstJobEvent(server, live);
    await server.store.apiTokens.revoke(script.credentialId);
    expect((await graphql(script, '{ me { name } }')).status).toBe(401);
    await live.completed;
    expect((live.errors[0] as { code?: number }).code).toBe(4403);
  });

  it('an ended session and a demotion close open sockets; the demoted caller is a viewer from the next request', async () => {
    const browser = await server.signIn({ role: 'editor', scope: 'session' });
    const live = subscribe(browser, 'subscription { jobs { id } }');
    await firstJobEvent(server, live);
    await server.store.sessions.end(browser.credentialId);
    await live.completed;
    expect((live.errors[0] as { code?: number }).code).toBe(4403);

    const editor = await server.signIn({ role: 'editor', scope: 'write' });
    const watching = subscribe(editor, 'subscription { jobs { id } }');
    await firstJobEvent(server, watching);
    await server.store.users.setRole(editor.user.id, 'viewer');
    await watching.completed;
    expect((watching.errors[0] as { code?: number }).code).toBe(4403);
    const refused = await graphql(editor, 'mutation { createNotebook(title: "t") { id } }');
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('notebook shares raise a viewer to write on one notebook and hide another from an editor; owners keep access', async () => {
    const viewer = await server.signIn({ role: 'viewer', scope: 'session' });
    const editor = await server.signIn({ role: 'editor', scope: 'write' });
    const shared = await server.store.notebooks.create({ title: 'shared' });
    const hidden = await server.store.notebooks.create({ title: 'hidden' });
    const share = (notebookId: string, user: string, access: string) =>
      graphql(server, `mutation { shareNotebook(notebookId: "${notebookId}", user: "${user}", access: ${access}) { user access } }`);
    expect((await share(shared.id, viewer.user.name, 'WRITE')).data).toEqual({ shareNotebook: { user: viewer.user.name, access: 'WRITE' } });
    await share(hidden.id, editor.user.name, 'NONE');
    await share(hidden.id, server.owner.name, 'NONE');

    const add = (client: GraphTarget, notebookId: string) => graphql(client, `mutation { addCell(notebookId: "${notebookId}", type: "markdown") { id } }`);
    expect((await add(viewer, shared.id)).errors).toBeUndefined();
    expect((await add(viewer, hidden.id)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const access = await graphql<{ notebook: { access: string } }>(viewer, `{ notebook(id: "${shared.id}") { access } }`);
    expect(access.data?.notebook.access).toBe('WRITE');

    const listed = await graphql<{ notebooks: Array<{ id: string }> }>(editor, '{ notebooks { id } }');
    expect(listed.data?.notebooks.map((n) => n.id)).toContain(shared.id);
    expect(listed.data?.notebooks.map((n) => n.id)).not.toContain(hidden.id);
    expect((await graphql(editor, `{ notebook(id: "${hidden.id}") { id } }`)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await add(server, hidden.id)).errors).toBeUndefined();
    // Sharing needs an owner.
    expect((await graphql(editor, `mutation { unshareNotebook(notebookId: "${hidden.id}", user: "${editor.user.name}") }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
