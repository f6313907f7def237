/**
 * The notebook in a real browser: a production build of the web app, the GraphQL server in its own
 * process on a seeded temporary SQLite store, headless Chromium driven by playwright-core, signed in
 * as the workspace's owner. It checks that every cell type renders its data (plotly charts drawn,
 * images served), that a cell added through the UI and an edit typed into the live document survive
 * a reload.
 *
 * Chromium comes from the system (`PROTOSCOPE_CHROMIUM`, default /usr/bin/chromium); playwright-core
 * downloads no browser of its own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startGraphServer, type GraphServer } from './graph-server';
import { freePort } from '@protoscope/tracking/free-port';
import { openNotebook, textEditor } from './notebook-page';
import { createPeople, signIn, type Person } from './people';
import { SALIENCY_METHODS, seedStore, type SeededStore } from './seed-store';
import { buildWebApp, startWebApp, type WebApp } from './web-app';

const CHROMIUM = process.env['PROTOSCOPE_CHROMIUM'] || '/usr/bin/chromium';
const SCREENSHOT = path.join(os.tmpdir(), 'protoscope-notebook-e2e.png');
const CHART_CELLS = ['metric-chart', 'roc-pr', 'confusion-matrix', 'parallel-coordinates'];
const ALL_CELL_TYPES = ['markdown', 'graphql', 'runs-table', ...CHART_CELLS, 'prototype-gallery', 'saliency-grid', 'run-diff', 'view-pair'];
// A cold production build takes one to three minutes on two shared cores.
jest.setTimeout(60_000);

describe('the notebook in a browser', () => {
  let dir: string;
  let seeded: SeededStore;
  let owner: Person;
  let server: GraphServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (sudo bash tools/ci/install-chromium.sh) or set PROTOSCOPE_CHROMIUM to a Chromium binary`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-e2e-'));
    seeded = await seedStore(dir);
    ({ ada: owner } = (await createPeople(seeded.storeUrl, [{ name: 'ada', role: 'owner' }])) as { ada: Person });
    const webPort = await freePort();
    [server] = await Promise.all([startGraphServer(seeded.storeUrl, { webOrigin: `http://127.0.0.1:${webPort}` }), buildWebApp()]);
    web = await startWebApp(server.graphqlUrl, webPort);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signIn(context, server.url, owner);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await web?.process.stop();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const notebookUrl = () => `${web!.url}/notebooks/${seeded.notebookId}`;
  const renderer = (type: string) => page.locator(`[data-testid="renderer-${type}"]`);

  it('lists the seeded notebook on the start page and opens it', async () => {
    await page.goto(web!.url);
    const link = page.getByRole('link', { name: 'End-to-end notebook' });
    await link.waitFor();
    await link.click();
    await page.waitForURL(notebookUrl());
    await page.getByTestId('notebook').waitFor();
  });

  it('renders every cell type with its data', async () => {
    await page.goto(notebookUrl());
    await page.getByTestId('notebook').waitFor();
    expect(await page.locator('[data-cell-type]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-cell-type')))).toEqual(seeded.cellTypes);
    for (const type of ALL_CELL_TYPES) await renderer(type).waitFor();

    await expect(renderer('markdown').locator('h1').innerText()).resolves.toBe('Seeded for the browser test');
    // The runs table lists the three seeded runs, all ticked (its selection feeds the charts).
    const runRows = renderer('runs-table').locator('tbody tr');
    await expect(runRows.count()).resolves.toBe(3);
    await expect(renderer('runs-table').locator('tbody input[type=checkbox]:checked').count()).resolves.toBe(3);
    await expect(renderer('runs-table').locator('tbody a[href^="/runs/"]').count()).resolves.toBe(3);
    await expect(renderer('graphql').locator('tbody td').first().innerText()).resolves.toBe(seeded.datasetId);

    // Each chart cell has drawn a plotly SVG; the metric chart one per metric, with the seed group's band.
    for (const type of CHART_CELLS) await renderer(type).locator('.main-svg').first().waitFor();
    await expect(renderer('metric-chart').locator('[data-testid="metric-chart-plot"]').count()).resolves.toBe(2);
    await expect(renderer('metric-chart').locator('.legendtext').first().textContent()).resolves.toMatch(/\(n=2\)$/);
    await renderer('roc-pr').locator('[data-testid="roc-plot"] .main-svg').first().waitFor();
    await renderer('roc-pr').locator('[data-testid="pr-plot"] .main-svg').first().waitFor();
    await expect(renderer('confusion-matrix').locator('[data-testid="confusion-matrix-plot"]').count()).resolves.toBe(2);

    // Images come from the server's binary routes and actually decode.
    const cards = renderer('prototype-gallery').locator('[data-testid="prototype-card"]');
    await expect(cards.count()).resolves.toBe(6);
    await expectImagesLoaded(page, '[data-testid="renderer-prototype-gallery"] img');
    await expect(renderer('prototype-gallery').locator('[data-testid="prototype-source"] rect').count()).resolves.toBe(6);
    await expect(renderer('prototype-gallery').locator('[data-testid="heatmap-canvas"]').count()).resolves.toBe(6);
    const overlays = renderer('saliency-grid').locator('[data-testid="saliency-overlay"]');
    await expect(overlays.count()).resolves.toBe(2 * SALIENCY_METHODS.length * seeded.runIds.length);
    await expectImagesLoaded(page, '[data-testid="saliency-overlay"]');
    await expect(overlays.first().getAttribute('src')).resolves.toMatch(/opacity=0\.5.*outline=true|outline=true.*opacity=0\.5/);

    await expect(renderer('run-diff').locator('[data-testid="run-diff-config"]').innerText()).resolves.toContain('optimizer.lr');
    await expect(renderer('run-diff').locator('[data-testid="run-diff-metrics"]').innerText()).resolves.toContain('val/auc');

    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows the stored cells read-only while the live document is held back, then makes them editable without drawing them again', async () => {
    // The page's /collab socket reaches the server, but nothing the server says reaches the page until released.
    const held = await page.context().newPage();
    held.on('pageerror', (error) => pageErrors.push(error.message));
    let release!: () => void;
    let first = true;
    await held.routeWebSocket(/\/collab/, (socket) => {
      const server = socket.connectToServer();
      const queued: Array<string | Buffer> = [];
      // Only the first socket is held; the page opened again later connects as usual.
      let holding = first;
      first = false;
      server.onMessage((message) => (holding ? queued.push(message) : socket.send(message)));
      if (holding) release = () => {
        holding = false;
        for (const message of queued.splice(0)) socket.send(message);
      };
    });
    try {
      await held.goto(notebookUrl());
      const note = held.locator('[data-cell-type="markdown"]').first();
      await expect(note.locator('h1').innerText()).resolves.toBe('Seeded for the browser test');
      expect(await held.locator('[data-cell-type]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-cell-type')))).toEqual(seeded.cellTypes);
      await held.locator('[data-cell-type="metric-chart"] .main-svg').first().waitFor();
      await expect(held.getByTestId('connection-state').getAttribute('data-state')).resolves.toBe('connecting');
      await held.getByTestId('notebook-connecting').waitFor();

      // Nothing can be typed yet: the source opens as plain text in a disabled editor, adding a cell is off.
      await expect(held.getByTestId('add-cell').isDisabled()).resolves.toBe(true);
      await note.getByRole('button', { name: 'Source' }).click();
      await expect(note.getByTestId('cell-editor').getAttribute('disabled')).resolves.not.toBeNull();
      await expect(note.locator('.cm-content').count()).resolves.toBe(0);
      await expect(note.getByTestId('cell-editor').innerText()).resolves.toContain('# Seeded for the browser test');

      // Tag the drawn nodes: a cell mounted again would replace them.
      await held.evaluate(`(() => {
        document.querySelector('[data-cell-type="markdown"] h1').dataset.kept = 'yes';
        document.querySelector('[data-cell-type="metric-chart"] .main-svg').dataset.kept = 'yes';
        document.querySelector('[data-cell-type="runs-table"] tbody tr').dataset.kept = 'yes';
      })()`);
      release();
      await held.locator('[data-testid="connection-state"][data-state="live"]').waitFor();
      await held.getByTestId('notebook-connecting').waitFor({ state: 'detached' });
      await expect(
        held.evaluate(`['markdown h1', 'metric-chart .main-svg', 'runs-table tbody tr'].map((tail) => {
          const [type, ...rest] = tail.split(' ');
          return document.querySelector('[data-cell-type="' + type + '"] ' + rest.join(' '))?.dataset.kept ?? null;
        })`),
      ).resolves.toEqual(['yes', 'yes', 'yes']);

      // Live: the editor that stayed open becomes the shared text editor, and what is typed is kept.
      await expect(held.getByTestId('add-cell').isDisabled()).resolves.toBe(false);
      const editor = note.locator('[data-testid="shared-text-source"] .cm-content');
      await editor.waitFor();
      await editor.click();
      await held.keyboard.press('Control+Home');
      await held.keyboard.press('End');
      await held.keyboard.type(' after sync');
      await note.locator('h1', { hasText: 'after sync' }).waitFor();
      await expect(note.locator('h1').innerText()).resolves.toBe('Seeded for the browser test after sync');
      await held.locator('[data-testid="connection-state"][data-state="live"]').waitFor();
      await openNotebook(held, notebookUrl());
      await expect(held.locator('[data-cell-type="markdown"]').first().locator('h1').innerText()).resolves.toBe('Seeded for the browser test after sync');
    } finally {
      await held.close();
    }
  });

  it('keeps a metric-chart cell added through the UI, bound to the runs table, after a reload', async () => {
    // Opened as the other editing tests do: once the page is hydrated and live, so the click is not lost.
    await openNotebook(page, notebookUrl());
    const before = await page.locator('[data-cell-type="metric-chart"]').count();
    await page.getByTestId('add-cell-type').selectOption('metric-chart');
    await page.getByTestId('add-cell').click();
    await expect(waitForCount(page, '[data-cell-type="metric-chart"]', before + 1)).resolves.toBe(before + 1);
    // The new cell took the runs table above it as its source, so it charts the ticked runs at once.
    const added = page.locator('[data-cell-type]').last();
    await expect(added.getAttribute('data-cell-type')).resolves.toBe('metric-chart');
    await added.locator('.main-svg').first().waitFor();

    // Live before reading: the stored cells shown until then may trail the document by its store delay.
    await openNotebook(page, notebookUrl());
    const cellTypes = await page.locator('[data-cell-type]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-cell-type')));
    expect(cellTypes).toEqual([...seeded.cellTypes, 'metric-chart']);
    await page.locator('[data-cell-type]').last().locator('.main-svg').first().waitFor();
  });

  it('keeps an edit typed into a markdown cell’s shared text, with the indicator back at live', async () => {
    await openNotebook(page, notebookUrl());
    const cellId = (await page.locator('[data-cell-type="markdown"]').first().getAttribute('data-cell-id'))!;
    const editor = await textEditor(page, cellId);
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('# Edited in the browser');
    await expect(page.locator('[data-cell-type="markdown"]').first().locator('h1').innerText()).resolves.toBe('Edited in the browser');
    await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor();
    await page.reload();
    await openNotebook(page, notebookUrl());
    await expect(page.locator('[data-cell-type="markdown"]').first().locator('h1').innerText()).resolves.toBe('Edited in the browser');
  });

  it('view pair: CC and MLO with their maps; a click on CC shows where the model looks in MLO from the nearest stored point', async () => {
    await page.goto(notebookUrl());
    const cell = renderer('view-pair');
    await cell.locator('[data-testid="view-pair-explained"]').nth(1).waitFor();
    await expectImagesLoaded(page, '[data-testid="view-pair-explained"], [data-testid="view-pair-attention"]');
    const attention = cell.locator('[data-testid="view-pair-attention"]');
    await expect(attention.count()).resolves.toBe(2);
    // CC is on the left; nothing clicked: MLO shows the attention from the whole CC view.
    await expect(cell.locator('th').first().innerText()).resolves.toContain('CC');
    const fromWhole = await attention.nth(1).getAttribute('src');
    // Click near the top left of CC (drawn 192 px wide for 32 px): image point ≈ (3.3, 3.3), nearest stored point (8, 8).
    await cell.locator('[data-testid="view-pair-explained"]').first().click({ position: { x: 20, y: 20 } });
    await cell.locator('[data-testid="view-pair-query"]').waitFor();
    const fromPoint = `/heatmaps/${seeded.viewPair.mloFromCc[0]}.png`;
    await page.waitForFunction(`document.querySelectorAll('[data-testid="view-pair-attention"]')[1].getAttribute('src').includes(${JSON.stringify(fromPoint)})`);
    expect(fromWhole).not.toContain(fromPoint);
    await expectImagesLoaded(page, '[data-testid="view-pair-attention"]');
    await expect(cell.innerText()).resolves.toContain('cross-attention from (8.0, 8.0) of the CC view');
    expect(pageErrors).toEqual([]);
  });
});

/** Every image matching `selector` decoded (a failed request leaves naturalWidth at 0). */
async function expectImagesLoaded(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().waitFor();
  // In-page code is passed as text: the workspace's type check runs without the DOM library.
  const loaded = (await page.evaluate(`(async () => {
    const images = [...document.querySelectorAll(${JSON.stringify(selector)})];
    await Promise.all(images.map((image) => image.complete ? null : new Promise((resolve) => {
      image.addEventListener('load', resolve, { once: true });
      image.addEventListener('error', resolve, { once: true });
    })));
    return images.map((image) => ({ src: image.src, width: image.naturalWidth }));
  })()`)) as { src: string; width: number }[];
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.filter((image) => image.width === 0)).toEqual([]);
}

/** Waits until `selector` matches `count` elements (or fails with the count it saw). */
async function waitForCount(page: Page, selector: string, count: number): Promise<number> {
  await page.waitForFunction(`document.querySelectorAll(${JSON.stringify(selector)}).length === ${count}`);
  return page.locator(selector).count();
}
