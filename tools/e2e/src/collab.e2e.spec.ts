/**
 * Co-editing a notebook in real Chromium: two people (two browser contexts, each with its own
 * session) in one notebook, plus scripts connected to the same live document with API tokens.
 * Checks that concurrent typing merges character by character, undo stays with its author, presence
 * shows within a second, a viewer's page is read-only and the server drops a viewer's forged write,
 * offline edits on both sides merge without duplicated cells, and ten editors converge to the stored
 * state.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cellText, readCells, updateCell } from '@protoscope/notebook-doc';
import { openStore } from '@protoscope/tracking';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openDocClient, settled, type DocClient } from './doc-client';
import { startGraphServer, type GraphServer } from './graph-server';
import { freePort } from '@protoscope/tracking/free-port';
import { caretToEnd, cell, editorText, eventually, openNotebook, textEditor } from './notebook-page';
import { createPeople, graphqlAs, SESSION_COOKIE, signIn, type Person } from './people';
import { E2E_TAG, seedStore, type SeededStore } from './seed-store';
import { buildWebApp, startWebApp, type WebApp } from './web-app';

const CHROMIUM = process.env['PROTOSCOPE_CHROMIUM'] || '/usr/bin/chromium';
jest.setTimeout(90_000);

/** mulberry32: a small seeded generator, so a failing run of random edits can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small notebook of its own (a note, a runs table, a query), so pages load fast and tests read only what they need. */
const NOTEBOOK_ID = 'collab-notebook';

async function createCollabNotebook(storeUrl: string): Promise<void> {
  const store = await openStore(storeUrl);
  try {
    await store.notebooks.create({ id: NOTEBOOK_ID, title: 'Co-edited notebook' });
    await store.cells.add(NOTEBOOK_ID, { type: 'markdown', spec: { source: '# Findings\n\nWritten together.' } });
    await store.cells.add(NOTEBOOK_ID, { type: 'runs-table', spec: { filter: { tags: { all: [E2E_TAG] } } } });
    await store.cells.add(NOTEBOOK_ID, { type: 'graphql', spec: { query: '{ datasets { id name } }', variables: '{}', view: 'table' } });
  } finally {
    await store.close();
  }
}

const CELLS_QUERY = 'query ($id: ID!) { notebook(id: $id) { cells { id type spec } } }';
type StoredCells = { notebook: { cells: { id: string; type: string; spec: Record<string, unknown> }[] } };

describe('co-editing a notebook', () => {
  let dir: string;
  let seeded: SeededStore;
  let people: Record<string, Person>;
  let server: GraphServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const clients: DocClient[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (sudo bash tools/ci/install-chromium.sh) or set PROTOSCOPE_CHROMIUM to a Chromium binary`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-collab-e2e-'));
    seeded = await seedStore(dir);
    await createCollabNotebook(seeded.storeUrl);
    people = await createPeople(seeded.storeUrl, [
      { name: 'ada', role: 'owner' },
      { name: 'bob', role: 'editor' },
      { name: 'vera', role: 'viewer' },
    ]);
    const webPort = await freePort();
    [server] = await Promise.all([startGraphServer(seeded.storeUrl, { webOrigin: `http://127.0.0.1:${webPort}` }), buildWebApp()]);
    web = await startWebApp(server.graphqlUrl, webPort);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 600_000);

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.process.stop();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const notebookUrl = () => `${web!.url}/notebooks/${NOTEBOOK_ID}`;

  async function pageOf(person: Person): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    await signIn(context, server!.url, person);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${person.name}: ${error.message}`));
    return page;
  }

  function clientOf(person: Person, via: 'token' | 'session' = 'token'): DocClient {
    const credential = via === 'token' ? { token: person.token } : { sessionCookie: `${SESSION_COOKIE}=${person.sessionSecret}` };
    const client = openDocClient(server!.collabUrl, NOTEBOOK_ID, credential);
    clients.push(client);
    return client;
  }

  async function storedCells(): Promise<StoredCells['notebook']['cells']> {
    return (await graphqlAs<StoredCells>(server!.graphqlUrl, people['ada']!, CELLS_QUERY, { id: NOTEBOOK_ID })).notebook.cells;
  }

  async function markdownCellId(page: Page): Promise<string> {
    return (await page.locator('[data-cell-type="markdown"]').first().getAttribute('data-cell-id'))!;
  }

  it('merges two people typing into the same markdown cell at once, character by character', async () => {
    const [pageA, pageB] = [await pageOf(people['ada']!), await pageOf(people['bob']!)];
    await Promise.all([openNotebook(pageA, notebookUrl()), openNotebook(pageB, notebookUrl())]);
    const cellId = await markdownCellId(pageA);
    const [editorA, editorB] = [await textEditor(pageA, cellId), await textEditor(pageB, cellId)];
    const before = await editorText(pageA, cellId);
    await caretToEnd(pageA, editorA);
    await caretToEnd(pageB, editorB);
    // Disjoint alphabets, so each person's characters can be picked out of the merged text.
    const typedA = ' lowercase letters typed by ada';
    const typedB = ' UPPERCASE 0123456789 FROM BOB';
    await Promise.all([pageA.keyboard.type(typedA, { delay: 15 }), pageB.keyboard.type(typedB, { delay: 15 })]);

    const merged = await eventually(
      'both pages show the same text',
      async () => [await editorText(pageA, cellId), await editorText(pageB, cellId)] as const,
      ([a, b]) => a === b && a.length === before.length + typedA.length + typedB.length,
    );
    const text = merged[0];
    expect(text.startsWith(before)).toBe(true);
    const tail = text.slice(before.length);
    expect([...tail].filter((ch) => /[a-z]/.test(ch)).join('')).toBe(typedA.replace(/[^a-z]/g, ''));
    expect([...tail].filter((ch) => /[A-Z0-9]/.test(ch)).join('')).toBe(typedB.replace(/[^A-Z0-9]/g, ''));
    expect(tail.length).toBe(typedA.length + typedB.length);
    // The rendered note and the stored row follow the document.
    await eventually('the stored row has the merged text', async () => (await storedCells()).find((c) => c.id === cellId)?.spec['source'], (source) => source === text);
  });

  it('undoes only one’s own typing', async () => {
    const [pageA, pageB] = [await pageOf(people['ada']!), await pageOf(people['bob']!)];
    await Promise.all([openNotebook(pageA, notebookUrl()), openNotebook(pageB, notebookUrl())]);
    const cellId = await markdownCellId(pageA);
    const [editorA, editorB] = [await textEditor(pageA, cellId), await textEditor(pageB, cellId)];
    await caretToEnd(pageA, editorA);
    await pageA.keyboard.type(' ada-undoes-this', { delay: 5 });
    await eventually('bob sees ada’s text', () => editorText(pageB, cellId), (text) => text.endsWith('ada-undoes-this'));
    await caretToEnd(pageB, editorB);
    await pageB.keyboard.type(' bob-keeps-this', { delay: 5 });
    await eventually('ada sees bob’s text', () => editorText(pageA, cellId), (text) => text.endsWith('bob-keeps-this'));
    await editorA.focus();
    await pageA.keyboard.press('Control+z');
    for (const page of [pageA, pageB]) {
      const text = await eventually('the undo reaches both pages', () => editorText(page, cellId), (t) => !t.includes('ada-undoes-this'));
      expect(text.endsWith(' bob-keeps-this')).toBe(true);
    }
  });

  it('shows a newcomer on the others’ pages within a second, with the cell they are in and their cursor', async () => {
    const pageA = await pageOf(people['ada']!);
    await openNotebook(pageA, notebookUrl());
    const cellId = await markdownCellId(pageA);
    const pageB = await pageOf(people['bob']!);
    await openNotebook(pageB, notebookUrl());
    const connectedAt = Date.now();
    await pageA.locator(`[data-testid="presence-avatar"][data-user-id="${people['bob']!.id}"]`).waitFor({ timeout: 5000 });
    const shownAfter = Date.now() - connectedAt;
    expect(shownAfter).toBeLessThan(1000);
    await expect(pageA.locator('[data-testid="presence-avatar"][data-self="true"]').getAttribute('data-user-name')).resolves.toBe('ada');

    const editorB = await textEditor(pageB, cellId);
    await editorB.click();
    await cell(pageA, cellId).locator('[data-testid="cell-presence"]').getByTitle('bob is in this cell').waitFor();
    // Bob's caret is drawn in Ada's copy of the cell, with his name on it.
    await textEditor(pageA, cellId);
    await expect(cell(pageA, cellId).locator('.cm-ySelectionInfo').textContent()).resolves.toBe('bob');
  });

  it('gives a viewer a read-only page, and drops a viewer’s forged write on the server', async () => {
    const pageV = await pageOf(people['vera']!);
    await openNotebook(pageV, notebookUrl());
    await expect(pageV.getByTestId('notebook').getAttribute('data-readonly')).resolves.toBe('true');
    await expect(pageV.getByTestId('connection-state').getAttribute('data-state')).resolves.toBe('live-readonly');
    await expect(pageV.getByTestId('add-cell').count()).resolves.toBe(0);
    await expect(pageV.getByRole('button', { name: 'Delete' }).count()).resolves.toBe(0);
    const cellId = await markdownCellId(pageV);
    const editor = await textEditor(pageV, cellId);
    await expect(editor.getAttribute('contenteditable')).resolves.toBe('false');
    const before = await editorText(pageV, cellId);
    await editor.click();
    await pageV.keyboard.type('viewer typing');
    expect(await editorText(pageV, cellId)).toBe(before);
    await expect(cell(pageV, cellId).getByTestId('cell-editor').getAttribute('disabled')).resolves.not.toBeNull();

    // With the page's own credential (the session cookie) and with the viewer's API token, a client
    // writes to its copy of the document anyway.
    const forgers = [clientOf(people['vera']!, 'session'), clientOf(people['vera']!, 'token')];
    for (const [index, forger] of forgers.entries()) {
      await expect(forger.ready).resolves.toBe('readonly');
      updateCell(forger.doc, cellId, { spec: { source: `forged by a viewer (${index})` } });
    }
    const witness = clientOf(people['bob']!);
    await witness.ready;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(cellText(witness.doc, cellId, 'source')!.toString()).toBe(before);
    expect((await storedCells()).find((c) => c.id === cellId)!.spec['source']).toBe(before);
  });

  it('merges edits made offline on both sides, with no duplicated cell', async () => {
    const [pageA, pageB] = [await pageOf(people['ada']!), await pageOf(people['bob']!)];
    await Promise.all([openNotebook(pageA, notebookUrl()), openNotebook(pageB, notebookUrl())]);
    const cellId = await markdownCellId(pageA);
    const cellsBefore = await pageA.locator('[data-cell-id]').count();
    await Promise.all([pageA.context().setOffline(true), pageB.context().setOffline(true)]);
    for (const page of [pageA, pageB]) await page.locator('[data-testid="connection-state"][data-state="offline"]').waitFor();

    for (const [page, words] of [
      [pageA, ' written-offline-by-ada'],
      [pageB, ' written-offline-by-bob'],
    ] as const) {
      await caretToEnd(page, await textEditor(page, cellId));
      await page.keyboard.type(words, { delay: 5 });
      await page.getByTestId('add-cell-type').selectOption('markdown');
      await page.getByTestId('add-cell').click();
      await eventually('the cell is added on the offline page', () => page.locator('[data-cell-id]').count(), (n) => n === cellsBefore + 1);
    }

    await Promise.all([pageA.context().setOffline(false), pageB.context().setOffline(false)]);
    const idsOf = (page: Page) => page.locator('[data-cell-id]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-cell-id')));
    const [idsA, idsB] = await eventually(
      'both pages show the same cells',
      async () => [await idsOf(pageA), await idsOf(pageB)] as const,
      ([a, b]) => JSON.stringify(a) === JSON.stringify(b) && a.length === cellsBefore + 2,
      15_000,
    );
    expect(new Set(idsA).size).toBe(idsA.length);
    expect(idsB).toEqual(idsA);
    const text = await eventually('both pages show both offline edits', () => editorText(pageB, cellId), (t) => t.includes('written-offline-by-ada') && t.includes('written-offline-by-bob'));
    expect(await editorText(pageA, cellId)).toBe(text);

    await eventually('the store has every cell once', async () => (await storedCells()).map((c) => c.id), (ids) => JSON.stringify(ids) === JSON.stringify(idsA));
    await pageA.reload();
    await openNotebook(pageA, notebookUrl());
    expect(await idsOf(pageA)).toEqual(idsA);
  });

  it('converges ten editors (eight scripts, two pages) making 50 random edits each to the stored state within 5 s', async () => {
    const [pageA, pageB] = [await pageOf(people['ada']!), await pageOf(people['bob']!)];
    await Promise.all([openNotebook(pageA, notebookUrl()), openNotebook(pageB, notebookUrl())]);
    const cellId = await markdownCellId(pageA);
    const scripts = Array.from({ length: 8 }, (_, i) => clientOf(i % 2 === 0 ? people['ada']! : people['bob']!));
    await Promise.all(scripts.map((client) => client.ready));
    const pageEditors = [await textEditor(pageA, cellId), await textEditor(pageB, cellId)];

    const scriptEdits = scripts.map(async (client, index) => {
      const random = seededRandom(1000 + index);
      const text = cellText(client.doc, cellId, 'source')!;
      for (let edit = 0; edit < 50; edit++) {
        const at = Math.floor(random() * (text.length + 1));
        if (random() < 0.7 || text.length === 0) text.insert(at, String.fromCharCode(97 + Math.floor(random() * 26)));
        else text.delete(Math.min(at, text.length - 1), 1);
        await new Promise((resolve) => setTimeout(resolve, random() * 20));
      }
      await settled(client);
    });
    const pageEdits = [pageA, pageB].map(async (page, index) => {
      const random = seededRandom(2000 + index);
      await pageEditors[index]!.click();
      for (let edit = 0; edit < 50; edit++) {
        const roll = random();
        if (roll < 0.15) await page.keyboard.press(random() < 0.5 ? 'Control+Home' : 'Control+End');
        else if (roll < 0.3) await page.keyboard.press(random() < 0.5 ? 'ArrowLeft' : 'ArrowRight');
        else if (roll < 0.45) await page.keyboard.press('Backspace');
        else await page.keyboard.type(String.fromCharCode(65 + Math.floor(random() * 26)));
      }
    });
    await Promise.all([...scriptEdits, ...pageEdits]);

    const editsDoneAt = Date.now();
    const stored = async () => (await storedCells()).find((c) => c.id === cellId)!.spec['source'] as string;
    await eventually(
      'all ten editors and the store agree',
      async () => [...scripts.map((client) => cellText(client.doc, cellId, 'source')!.toString()), await editorText(pageA, cellId), await editorText(pageB, cellId), await stored()],
      (texts) => texts.every((text) => text === texts[0]),
      5000,
      25,
    );
    const convergedAfter = Date.now() - editsDoneAt;
    expect(convergedAfter).toBeLessThan(5000);
    // And every script's whole document (cells and order) is the same.
    const documents = scripts.map((client) => JSON.stringify(readCells(client.doc)));
    expect(new Set(documents).size).toBe(1);
  });

  it('keeps comment threads live on both pages: start, reply, resolve, reopen; a script lists the open ones', async () => {
    const [pageA, pageB] = [await pageOf(people['ada']!), await pageOf(people['bob']!)];
    await Promise.all([openNotebook(pageA, notebookUrl()), openNotebook(pageB, notebookUrl())]);
    const cellId = await markdownCellId(pageA);
    const threadsOn = async (page: Page) => {
      const panel = cell(page, cellId).getByTestId('comment-threads');
      if ((await panel.count()) === 0) await cell(page, cellId).getByTestId('toggle-comments').click();
      await panel.waitFor();
      return panel;
    };
    const [panelA, panelB] = [await threadsOn(pageA), await threadsOn(pageB)];

    await panelA.getByTestId('new-thread').locator('textarea').fill('Is the AUC per class here?');
    await panelA.getByTestId('new-thread').getByRole('button', { name: 'Comment' }).click();
    const threadB = panelB.getByTestId('comment-thread').filter({ hasText: 'Is the AUC per class here?' });
    await threadB.waitFor();
    await expect(cell(pageB, cellId).getByTestId('toggle-comments').innerText()).resolves.toBe('Comments (1)');

    await threadB.getByTestId('reply').locator('textarea').fill('Yes, one-vs-rest.');
    await threadB.getByTestId('reply').getByRole('button', { name: 'Reply' }).click();
    const threadA = panelA.getByTestId('comment-thread').filter({ hasText: 'Is the AUC per class here?' });
    await threadA.getByTestId('comment').filter({ hasText: 'Yes, one-vs-rest.' }).waitFor();
    await expect(threadA.getByTestId('comment').allInnerTexts()).resolves.toEqual([expect.stringMatching(/^ada ·[^]*Is the AUC per class here\?$/), expect.stringMatching(/^bob ·[^]*Yes, one-vs-rest\.$/)]);

    const open = async () => {
      const data = await graphqlAs<{ notebook: { cells: { id: string; comments: { id: string }[] }[] } }>(
        server!.graphqlUrl,
        people['ada']!,
        'query ($id: ID!) { notebook(id: $id) { cells { id comments(open: true) { id } } } }',
        { id: NOTEBOOK_ID },
      );
      return data.notebook.cells.find((c) => c.id === cellId)!.comments.length;
    };
    expect(await open()).toBe(1);

    await threadA.getByRole('button', { name: 'Resolve' }).click();
    await panelB.locator('[data-testid="comment-thread"][data-resolved="true"]').filter({ hasText: 'Is the AUC per class here?' }).waitFor();
    expect(await open()).toBe(0);
    await panelB.locator('[data-testid="comment-thread"][data-resolved="true"]').getByRole('button', { name: 'Reopen' }).click();
    await panelA.locator('[data-testid="comment-thread"][data-resolved="false"]').filter({ hasText: 'Is the AUC per class here?' }).waitFor();
    expect(await open()).toBe(1);
  });

  it('saves a version, shows what restoring it would change, and restores it as a new change on every page', async () => {
    const [pageA, pageB] = [await pageOf(people['ada']!), await pageOf(people['bob']!)];
    await Promise.all([openNotebook(pageA, notebookUrl()), openNotebook(pageB, notebookUrl())]);
    const cellId = await markdownCellId(pageA);
    const idsOf = (page: Page) => page.locator('[data-cell-id]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-cell-id')));
    const savedIds = await idsOf(pageA);
    await textEditor(pageA, cellId);
    const savedText = await editorText(pageA, cellId);

    await pageA.getByTestId('toggle-history').click();
    const history = pageA.getByTestId('history-panel');
    await history.getByLabel('Version label').fill('before the review');
    await history.getByTestId('save-version').click();
    const saved = history.getByTestId('version').filter({ hasText: 'before the review' });
    await saved.waitFor();

    // Bob changes the note and adds a cell after the version was saved.
    await caretToEnd(pageB, await textEditor(pageB, cellId));
    await pageB.keyboard.type(' Changed after the version.', { delay: 5 });
    await pageB.getByTestId('add-cell-type').selectOption('markdown');
    await pageB.getByTestId('add-cell').click();
    await eventually('ada sees bob’s new cell', () => idsOf(pageA), (ids) => ids.length === savedIds.length + 1);
    await eventually('ada sees bob’s text', () => editorText(pageA, cellId), (text) => text.endsWith('Changed after the version.'));

    await saved.getByRole('button').click();
    const restoring = history.getByTestId('restore-changes');
    await restoring.locator('[data-change="removed"]').waitFor();
    await expect(restoring.locator('li').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-change')).sort())).resolves.toEqual(['changed', 'removed']);
    // The note lost the 27 characters Bob typed.
    await expect(restoring.locator('[data-change="changed"]').innerText()).resolves.toContain('source (+0 −27 characters)');

    await history.getByTestId('restore-version').click();
    for (const page of [pageA, pageB]) {
      await eventually('the page shows the restored cells', () => idsOf(page), (ids) => JSON.stringify(ids) === JSON.stringify(savedIds));
    }
    await eventually('bob’s page shows the restored note', () => editorText(pageB, cellId), (text) => text === savedText);
    // History is not rewritten: the restore is a new version after the saved one.
    await history.getByTestId('version').filter({ hasText: 'restored version' }).waitFor();
    await expect(saved.count()).resolves.toBe(1);
  });

  it('moves and deletes cells through the document: on every page and in the stored rows', async () => {
    const [pageA, pageB] = [await pageOf(people['ada']!), await pageOf(people['bob']!)];
    await Promise.all([openNotebook(pageA, notebookUrl()), openNotebook(pageB, notebookUrl())]);
    const idsOf = (page: Page) => page.locator('[data-cell-id]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-cell-id')!));
    const stored = async () => (await storedCells()).map((c) => c.id);
    const ids = await idsOf(pageA);
    expect(ids.length).toBeGreaterThanOrEqual(3);

    await cell(pageA, ids[0]!).getByRole('button', { name: 'Move down' }).click();
    const moved = [ids[1]!, ids[0]!, ...ids.slice(2)];
    await eventually('bob sees the moved cell', () => idsOf(pageB), (now) => JSON.stringify(now) === JSON.stringify(moved));
    await eventually('the rows follow the move', stored, (now) => JSON.stringify(now) === JSON.stringify(moved));

    pageB.once('dialog', (dialog) => void dialog.accept());
    await cell(pageB, ids[2]!).getByRole('button', { name: 'Delete' }).click();
    const left = moved.filter((id) => id !== ids[2]);
    await eventually('ada sees the cell deleted', () => idsOf(pageA), (now) => JSON.stringify(now) === JSON.stringify(left));
    await eventually('the rows follow the delete', stored, (now) => JSON.stringify(now) === JSON.stringify(left));
  });

  it('raised no error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
