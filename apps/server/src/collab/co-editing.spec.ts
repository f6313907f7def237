import { addCell, cellOrder, cellText, deleteCell, moveCell, readCells, updateCell, type PlainCell } from '@protoscope/notebook-doc';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { openCollabClient, waitFor, type CollabClient } from '../testing/collab-client';
import { describeEachServer, graphql, queryData } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

const STORE_DELAY_MS = 200;

// Real sockets and stores on a shared machine: allow each test more than Jest's 5 s (the 5 s
// convergence bound is asserted inside the test itself).
jest.setTimeout(30_000);

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random edit of the kinds people make: add, type, delete text, set a key, move, delete a cell. */
function randomEdit(doc: Y.Doc, rand: () => number, editor: number, n: number): void {
  const ids = cellOrder(doc);
  const pick = () => ids[Math.floor(rand() * ids.length)]!;
  const roll = rand();
  if (ids.length < 3 || roll < 0.2) {
    addCell(doc, { id: `c${editor}-${n}`, type: 'markdown', spec: { source: `cell ${editor}.${n}` }, index: Math.floor(rand() * (ids.length + 1)) });
  } else if (roll < 0.55) {
    const text = cellText(doc, pick(), 'source');
    text?.insert(Math.floor(rand() * (text.length + 1)), String.fromCharCode(97 + Math.floor(rand() * 26)));
  } else if (roll < 0.65) {
    const text = cellText(doc, pick(), 'source');
    if (text && text.length > 0) text.delete(Math.floor(rand() * text.length), 1);
  } else if (roll < 0.8) {
    updateCell(doc, pick(), { spec: { [`k${Math.floor(rand() * 3)}`]: Math.floor(rand() * 100) } });
  } else if (roll < 0.93) {
    moveCell(doc, pick(), Math.floor(rand() * ids.length));
  } else {
    deleteCell(doc, pick());
  }
}

/** Rows as plain cells, spec keys sorted as the document library gives them (PostgreSQL's jsonb reorders keys). */
const plainRows = (rows: Array<{ id: string; type: string; spec: Record<string, unknown> }>): PlainCell[] =>
  rows.map((r) => ({ id: r.id, type: r.type, spec: Object.fromEntries(Object.keys(r.spec).sort().map((k) => [k, r.spec[k]])) as PlainCell['spec'] }));

async function storedCells(server: TemporaryServer, notebookId: string): Promise<PlainCell[]> {
  const state = await server.store.documents.load(notebookId);
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return readCells(doc);
}

describeEachServer('co-editing on /collab', (factory) => {
  let server: TemporaryServer;
  const clients: CollabClient[] = [];
  const open = (notebookId: string, token = server.token) => {
    const client = openCollabClient(server, notebookId, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await factory.start({ collab: { storeDelayMs: STORE_DELAY_MS } });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('ten editors making 50 random edits each converge within 5 s to one state, the stored state and the rows', async () => {
    const nb = await server.store.notebooks.create({ title: 'ten editors' });
    await server.store.cells.add(nb.id, { type: 'markdown', spec: { source: 'start' } });
    const editors = Array.from({ length: 10 }, () => open(nb.id));
    await Promise.all(editors.map((e) => e.synced));
    await Promise.all(
      editors.map(async (editor, index) => {
        const rand = random(1000 + index);
        for (let n = 0; n < 50; n++) {
          randomEdit(editor.doc, rand, index, n);
          await new Promise((resolve) => setTimeout(resolve, Math.floor(rand() * 8)));
        }
      }),
    );
    const editsDone = Date.now();
    const same = () => {
      const first = JSON.stringify(readCells(editors[0]!.doc));
      return editors.every((e) => JSON.stringify(readCells(e.doc)) === first);
    };
    await waitFor(same, 'the ten documents to agree', 5000);
    expect(Date.now() - editsDone).toBeLessThan(5000);
    const final = readCells(editors[0]!.doc);
    expect(final.length).toBeGreaterThan(3);
    expect(new Set(final.map((c) => c.id)).size).toBe(final.length);
    await waitFor(async () => JSON.stringify(await storedCells(server, nb.id)) === JSON.stringify(final), 'the stored state to match', 5000);
    await waitFor(
      async () => JSON.stringify(plainRows(await server.store.cells.list(nb.id))) === JSON.stringify(final),
      'the cells rows to match',
      5000,
    );
  });

  it('merges edits made offline on two clients on reconnect, with no duplicated cell', async () => {
    const nb = await server.store.notebooks.create({ title: 'offline' });
    const shared = await server.store.cells.add(nb.id, { type: 'markdown', spec: { source: 'shared text' } });
    const a = open(nb.id);
    const b = open(nb.id);
    await Promise.all([a.synced, b.synced]);
    await Promise.all([a.goOffline(), b.goOffline()]);
    addCell(a.doc, { id: 'from-a', type: 'markdown', spec: { source: 'A' } });
    cellText(a.doc, shared.id, 'source')!.insert(0, 'A:');
    addCell(b.doc, { id: 'from-b', type: 'markdown', spec: { source: 'B' }, index: 0 });
    cellText(b.doc, shared.id, 'source')!.insert(11, ':B');
    await Promise.all([a.goOnline(), b.goOnline()]);
    await waitFor(() => JSON.stringify(readCells(a.doc)) === JSON.stringify(readCells(b.doc)) && readCells(a.doc).length === 3, 'the two to merge');
    const cells = readCells(a.doc);
    expect(cells.map((c) => c.id).sort()).toEqual(['from-a', 'from-b', shared.id].sort());
    expect(cells.find((c) => c.id === shared.id)!.spec.source).toBe('A:shared text:B');
    await waitFor(async () => (await server.store.cells.list(nb.id)).length === 3, 'the rows');
    expect((await server.store.cells.list(nb.id)).map((c) => c.id).sort()).toEqual(['from-a', 'from-b', shared.id].sort());
  });

  it('a script’s updateCell reaches connected documents; keys not given stay; two scripts on different keys both keep theirs', async () => {
    const nb = await server.store.notebooks.create({ title: 'scripts' });
    const cell = await server.store.cells.add(nb.id, { type: 'graphql', spec: { query: '{ runs }', variables: '{}', view: 'table' } });
    const browser = open(nb.id);
    await browser.synced;
    const update = `mutation($id: ID!, $spec: JSON, $ifVersion: Int) { updateCell(id: $id, spec: $spec, ifVersion: $ifVersion) { id version spec } }`;
    const first = await queryData<{ updateCell: { version: number; spec: Record<string, unknown> } }>(server, update, { id: cell.id, spec: { view: 'json' } });
    expect(first.updateCell).toEqual({ id: cell.id, version: 2, spec: { query: '{ runs }', variables: '{}', view: 'json' } });
    await waitFor(() => browser.doc.getMap('cells').size === 1 && readCells(browser.doc)[0]!.spec.view === 'json', 'the browser to see the change');
    // Two scripts at once, each on its own key.
    await Promise.all([
      queryData(server, update, { id: cell.id, spec: { variables: '{"n": 5}' } }),
      queryData(server, update, { id: cell.id, spec: { query: '{ datasets { id } }' } }),
    ]);
    const after = await queryData<{ notebook: { cells: Array<{ version: number; spec: Record<string, unknown> }> } }>(
      server,
      `query($id: ID!) { notebook(id: $id) { cells { version spec } } }`,
      { id: nb.id },
    );
    expect(after.notebook.cells[0]).toEqual({ version: 4, spec: { query: '{ datasets { id } }', variables: '{"n": 5}', view: 'json' } });
    await waitFor(() => readCells(browser.doc)[0]!.spec.query === '{ datasets { id } }', 'the browser to see both');
    expect(readCells(browser.doc)[0]!.spec).toEqual(after.notebook.cells[0]!.spec);
  });

  it('refuses a stale ifVersion with CONFLICT and writes nothing, also when a browser changed the cell just before', async () => {
    const nb = await server.store.notebooks.create({ title: 'conflict' });
    const cell = await server.store.cells.add(nb.id, { type: 'runs-table', spec: { selected: [] } });
    const update = `mutation($id: ID!, $spec: JSON, $ifVersion: Int) { updateCell(id: $id, spec: $spec, ifVersion: $ifVersion) { version spec } }`;
    const ok = await graphql<{ updateCell: { version: number } }>(server, update, { id: cell.id, spec: { selected: ['r1'] }, ifVersion: 1 });
    expect(ok.data?.updateCell.version).toBe(2);
    const stale = await graphql(server, update, { id: cell.id, spec: { selected: ['r2'] }, ifVersion: 1 });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(stale.errors?.[0]?.message).toContain(`cell ${cell.id} is at version 2, not 1`);
    // A browser edit not yet stored when the script checks still counts.
    const browser = open(nb.id);
    await browser.synced;
    updateCell(browser.doc, cell.id, { spec: { selected: ['from-browser'] } });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const raced = await graphql(server, update, { id: cell.id, spec: { selected: ['r3'] }, ifVersion: 2 });
    expect(raced.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await server.store.cells.get(cell.id)).spec).toEqual({ selected: ['from-browser'] });
  });

  it('addCell, moveCell and deleteCell go through the document', async () => {
    const nb = await server.store.notebooks.create({ title: 'mutations' });
    const browser = open(nb.id);
    await browser.synced;
    const add = `mutation($nb: ID!, $type: String!, $spec: JSON, $position: Int) { addCell(notebookId: $nb, type: $type, spec: $spec, position: $position) { id position version } }`;
    const a = (await queryData<{ addCell: { id: string; position: number; version: number } }>(server, add, { nb: nb.id, type: 'markdown', spec: { source: 'a' } })).addCell;
    const b = (await queryData<{ addCell: { id: string } }>(server, add, { nb: nb.id, type: 'markdown', spec: { source: 'b' }, position: 0 })).addCell;
    expect(a).toMatchObject({ position: 0, version: 1 });
    await waitFor(() => cellOrder(browser.doc).join() === [b.id, a.id].join(), 'the browser to see both cells');
    await queryData(server, `mutation($id: ID!) { moveCell(id: $id, index: 1) { position } }`, { id: b.id });
    await waitFor(() => cellOrder(browser.doc).join() === [a.id, b.id].join(), 'the move');
    await queryData(server, `mutation($id: ID!) { deleteCell(id: $id) }`, { id: a.id });
    await waitFor(() => cellOrder(browser.doc).join() === b.id, 'the delete');
    const bad = await graphql(server, add, { nb: nb.id, type: 'markdown', spec: { source: 7 } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('source is shared text and must be a string');
    const missing = await graphql(server, `mutation { moveCell(id: "nope", index: 0) { id } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a viewer’s document is read-only: a forged write reaches neither the others nor the store', async () => {
    const nb = await server.store.notebooks.create({ title: 'viewer' });
    await server.store.cells.add(nb.id, { type: 'markdown', spec: { source: 'original' } });
    const editor = open(nb.id);
    const viewer = await server.signIn({ role: 'viewer' });
    const reader = open(nb.id, viewer.token);
    await Promise.all([editor.synced, reader.synced]);
    expect(readCells(reader.doc)[0]!.spec.source).toBe('original');
    // The viewer's own client would not let them type; this one sends the update anyway.
    addCell(reader.doc, { id: 'forged', type: 'markdown', spec: { source: 'forged' } });
    cellText(reader.doc, readCells(reader.doc)[0]!.id, 'source')!.insert(0, 'FORGED ');
    // A legitimate edit after it proves the forged one had its chance to arrive.
    addCell(editor.doc, { id: 'after', type: 'markdown' });
    await waitFor(async () => (await server.store.cells.list(nb.id)).some((c) => c.id === 'after'), 'the editor’s edit to be stored');
    await new Promise((resolve) => setTimeout(resolve, STORE_DELAY_MS * 2));
    expect(readCells(editor.doc).map((c) => c.id)).not.toContain('forged');
    expect(readCells(editor.doc)[0]!.spec.source).toBe('original');
    const rows = await server.store.cells.list(nb.id);
    expect(rows.map((c) => c.id)).not.toContain('forged');
    expect(rows[0]!.spec.source).toBe('original');
    expect((await storedCells(server, nb.id)).map((c) => c.id)).not.toContain('forged');
  });

  it('refuses a document without a credential, on a notebook that does not exist, and to a caller without access', async () => {
    const nb = await server.store.notebooks.create({ title: 'closed' });
    const anonymous = open(nb.id, '');
    await expect(anonymous.synced).rejects.toThrow('not signed in');
    const nowhere = open('no-such-notebook');
    await expect(nowhere.synced).rejects.toThrow('no notebook with id "no-such-notebook"');
    const outsider = await server.signIn({ role: 'editor' });
    await server.store.shares.grant(nb.id, outsider.user.id, 'none');
    const shut = open(nb.id, outsider.token);
    await expect(shut.synced).rejects.toThrow(`no access to notebook ${nb.id}`);
  });

  it('closes an open document socket when its token is revoked', async () => {
    const nb = await server.store.notebooks.create({ title: 'revoked' });
    const guest = await server.signIn({ role: 'editor' });
    const client = open(nb.id, guest.token);
    await client.synced;
    await server.store.apiTokens.revoke(guest.credentialId);
    await waitFor(() => client.closedByServer() !== undefined, 'the server to close the socket', 5000);
    expect(client.closedByServer()).toEqual({ code: 4403, reason: 'the credential of this connection was revoked' });
  });

  it('answers an upgrade on any other path with 404 and a foreign Origin with 403', async () => {
    const status = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}${path}`, { headers });
        socket.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          socket.terminate();
        });
        socket.on('open', () => {
          resolve(101);
          socket.close();
        });
        socket.on('error', () => undefined);
      });
    expect(await status('/elsewhere')).toBe(404);
    expect(await status('/collab', { origin: 'https://evil.example' })).toBe(403);
    expect(await status('/collab')).toBe(101);
    expect(await status('/graphql')).toBe(101);
  });
});
