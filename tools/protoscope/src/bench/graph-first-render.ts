/**
 * First render of a notebook in headless Chromium: the production web build served by `next start`,
 * talking to a running GraphQL server, a signed-in owner. A notebook of 30 cells — ten times a note,
 * a runs table (a filter over the whole store, 20 runs ticked) and a metric chart of the ticked runs
 * (two metrics, so two plots) — is opened in a fresh browser context each time, and two times are taken
 * from navigation: the first screen drawn (every cell that reaches into the 1280 × 900 window drawn;
 * the page draws cells near the window first and the others one at a time in the background, showing
 * a placeholder until then), then, scrolling down to each placeholder in turn as soon as the first
 * screen is drawn, all cells drawn.
 * "Drawn" is the page's own marker: each cell's renderer carries `data-ready` once its data is shown,
 * and each chart once plotly has drawn it; a cell not drawn yet shows an element marked `data-placeholder`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '@protoscope/tracking';
import { chromium } from 'playwright-core';
import { ensureWebBuild, NEXT_BIN, NEXT_ENV, WEB_APP_DIR, WORKSPACE_ROOT } from '../web/web-build';
import { summarise, type LatencySummary } from './graph-latency';
import { finalAuc, methodOf, runId, type ScaleSize } from './graph-scale-store';

export const NOTEBOOK_SECTIONS = 10;
const METRICS_PER_CHART = ['val/auc', 'train/m1'];
const RUNS_PER_CHART = 20;
const SESSION_COOKIE = 'protoscope_session';

/** The latencies are navigation to the first screen drawn. */
export interface FirstRenderSummary extends LatencySummary {
  cells: number;
  charts: number;
  /** Cells drawn when the first screen was, p50 (the others were placeholders). */
  firstScreenCellsP50: number;
  /** Navigation to every cell and plot drawn, scrolling down once the first screen is drawn. */
  allCells: LatencySummary;
  /** Navigation start to the DOM's load event, p50 (the page's own code, before its queries). */
  loadEventP50Ms: number;
  /**
   * Navigation start to each of the page's own timeline marks (`protoscope:…`, apps/web/src/timeline),
   * p50 over the renders that reached it by the time every cell was drawn: where the first screen's time goes.
   */
  marksP50Ms: Record<string, number>;
}

export interface FirstRenderTarget {
  store: Store;
  graphqlUrl: string;
  /** The server's origin (the session cookie is set for its host). */
  serverUrl: string;
  /** A browser session secret of an account that may read the notebook. */
  sessionSecret: string;
}

export function chromiumPath(): string {
  return process.env['PROTOSCOPE_CHROMIUM'] || '/usr/bin/chromium';
}

/** The runs the k-th table ticks: the first 20 ProtoPNet runs whose final val/auc passes its filter. */
function tickedRuns(section: number, size: ScaleSize): string[] {
  const bound = 0.5 + 0.01 * section;
  const ids: string[] = [];
  for (let i = 0; i < size.runs && ids.length < RUNS_PER_CHART; i++) {
    if (methodOf(i) === 'protopnet' && finalAuc(i, size) > bound) ids.push(runId(i));
  }
  return ids;
}

/** Writes the 30-cell notebook; returns its id. */
export async function createBenchNotebook(store: Store, size: ScaleSize): Promise<string> {
  const notebook = await store.notebooks.create({ title: `Graph benchmark ${size.runs}×${size.metrics}×${size.steps}` });
  for (let section = 0; section < NOTEBOOK_SECTIONS; section++) {
    const bound = 0.5 + 0.01 * section;
    await store.cells.add(notebook.id, { type: 'markdown', spec: { source: `## ProtoPNet runs with val/auc above ${bound.toFixed(2)}\n\nTwenty of them, ticked below.` } });
    const table = await store.cells.add(notebook.id, {
      type: 'runs-table',
      spec: { filter: { method: { eq: 'protopnet' }, metrics: [{ key: 'val/auc', gt: bound }] }, selected: tickedRuns(section, size) },
    });
    await store.cells.add(notebook.id, { type: 'metric-chart', spec: { runs: { fromCell: table.id, runIds: [] }, metrics: METRICS_PER_CHART } });
  }
  return notebook.id;
}

/** A port nobody listens on now: the web app's, known before the GraphQL server starts (it allows that origin). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `next start` of the production build on a free port; stopped by its own pid. */
async function startWeb(graphqlUrl: string, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [NEXT_BIN, 'start', WEB_APP_DIR, '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...NEXT_ENV, NEXT_PUBLIC_PROTOSCOPE_GRAPHQL: graphqlUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(url)).status < 500) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer ${url} within 60 s: ${output}`);
    }
    await sleep(250);
  }
}

/** Page-side: a cell is drawn when its renderer is marked data-ready and so is each of its plots. */
const CELL_DRAWN = `((cell) => !!cell.querySelector('.cell-output [data-testid^="renderer-"]')?.hasAttribute('data-ready')
  && Array.from(cell.querySelectorAll('.chart')).every((plot) => plot.hasAttribute('data-ready')))`;

/**
 * The page-side test of "first screen drawn" (a script for the browser; this project's TypeScript has
 * no DOM types): as many cells as written, and each cell whose top is inside the window drawn (the
 * cells below may be drawn, being drawn or placeholders). Its value is the number of cells drawn by
 * then, or false.
 */
function firstScreenCheck(expected: { cells: number }): string {
  return `(() => {
    const cells = Array.from(document.querySelectorAll('article[data-cell-id]'));
    if (cells.length !== ${expected.cells}) return false;
    let drawn = 0;
    for (const cell of cells) {
      if (${CELL_DRAWN}(cell)) drawn++;
      else if (cell.getBoundingClientRect().top < window.innerHeight) return false;
    }
    return drawn;
  })()`;
}

/**
 * The page-side test of "every cell drawn": as many cells as written, each drawn, all plots drawn. It
 * first scrolls to the first placeholder left, so a page that draws cells as they near the window gets
 * to draw them all.
 */
function renderedCheck(expected: { cells: number; charts: number }): string {
  return `(() => {
    document.querySelector('.cell-output [data-placeholder]')?.scrollIntoView();
    const cells = Array.from(document.querySelectorAll('article[data-cell-id]'));
    if (cells.length !== ${expected.cells}) return false;
    if (!cells.every(${CELL_DRAWN})) return false;
    const plots = Array.from(document.querySelectorAll('.chart'));
    return plots.length === ${expected.charts} && plots.every((plot) => plot.hasAttribute('data-ready'));
  })()`;
}

/** Each mark's p50 over the renders that have it, in order of that p50. */
function marksP50(renders: Array<Array<[string, number]>>, median: (values: number[]) => number): Record<string, number> {
  const byName = new Map<string, number[]>();
  for (const marks of renders) for (const [name, ms] of marks) byName.set(name, [...(byName.get(name) ?? []), ms]);
  const p50s = [...byName].map(([name, values]) => [name, Math.round(median(values) * 10) / 10] as const);
  return Object.fromEntries(p50s.sort((a, b) => a[1] - b[1]));
}

/**
 * Opens the notebook `renders` times (after one untimed opening that warms the server and the web
 * app's compiled pages) and summarises the time to every cell rendered.
 */
export async function measureFirstRender(target: FirstRenderTarget, notebookId: string, options: { renders: number; webPort: number }): Promise<FirstRenderSummary> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: install Debian's chromium or set PROTOSCOPE_CHROMIUM, or pass --renders 0 to skip the first render`);
  }
  await ensureWebBuild();
  const web = await startWeb(target.graphqlUrl, options.webPort);
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  try {
    const expected = { cells: 3 * NOTEBOOK_SECTIONS, charts: NOTEBOOK_SECTIONS * METRICS_PER_CHART.length };
    const open = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const { hostname } = new URL(target.serverUrl);
        await context.addCookies([{ name: SESSION_COOKIE, value: target.sessionSecret, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        const failed = (what: string) => (error: unknown) => {
          throw new Error(`${what} within 120 s${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}: ${String(error)}`);
        };
        const started = performance.now();
        await page.goto(`${web.url}/notebooks/${notebookId}`);
        const firstScreen = await page
          .waitForFunction(firstScreenCheck(expected), undefined, { polling: 'raf', timeout: 120_000 })
          .catch(failed("the notebook's first screen was not drawn"));
        const ms = performance.now() - started;
        const firstScreenCells = Number(await firstScreen.jsonValue());
        await page.waitForFunction(renderedCheck(expected), undefined, { polling: 'raf', timeout: 120_000 }).catch(failed('the notebook was not drawn whole'));
        const allCellsMs = performance.now() - started;
        const loadEventMs = await page.evaluate<number>(
          "(() => { const [n] = performance.getEntriesByType('navigation'); return n ? n.loadEventEnd - n.startTime : NaN; })()",
        );
        const marks = await page.evaluate<Array<[string, number]>>(
          "performance.getEntriesByType('mark').filter((m) => m.name.startsWith('protoscope:')).map((m) => [m.name, m.startTime])",
        );
        return { ms, allCellsMs, firstScreenCells, loadEventMs, marks };
      } finally {
        await context.close();
      }
    };
    await open();
    const timings: Array<{ ms: number; allCellsMs: number; firstScreenCells: number; loadEventMs: number; marks: Array<[string, number]> }> = [];
    for (let i = 0; i < options.renders; i++) timings.push(await open());
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length / 2) - 1)]!;
    return {
      ...summarise(timings.map((t) => t.ms)),
      cells: expected.cells,
      charts: expected.charts,
      firstScreenCellsP50: median(timings.map((t) => t.firstScreenCells)),
      allCells: summarise(timings.map((t) => t.allCellsMs)),
      loadEventP50Ms: Math.round(median(timings.map((t) => t.loadEventMs)) * 1000) / 1000,
      marksP50Ms: marksP50(timings.map((t) => t.marks), median),
    };
  } finally {
    await browser.close();
    await web.stop();
  }
}
