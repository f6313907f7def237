/**
 * A run's page in a real browser: the production build against a real server on the seeded store,
 * headless Chromium. A seeded ProtoPNet run's page shows its header, its config as rows, its latest
 * metrics with their plotly chart, its evaluation charts and its prototypes; a sweep trial's header
 * names its sweep and trial, and the sweep cell's best trial links to its page; an id that no run has
 * says so; a visitor without a session is sent to /login, to come back to the run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openStore } from '@protoscope/tracking';
import { startGraphServer, type GraphServer } from './graph-server';
import { openNotebook } from './notebook-page';
import { createPeople, signIn, type Person } from './people';
import { freePort } from '@protoscope/tracking/free-port';
import { seedStore, type SeededStore } from './seed-store';
import { buildWebApp, startWebApp, type WebApp } from './web-app';

const CHROMIUM = process.env['PROTOSCOPE_CHROMIUM'] || '/usr/bin/chromium';
jest.setTimeout(60_000);

describe('the run page in a browser', () => {
  let dir: string;
  let seeded: SeededStore;
  let sweep: SeededSweep;
  let owner: Person;
  let server: GraphServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (sudo bash tools/ci/install-chromium.sh) or set PROTOSCOPE_CHROMIUM to a Chromium binary`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-run-page-'));
    seeded = await seedStore(dir);
    sweep = await seedSweep(seeded);
    ({ ada: owner } = (await createPeople(seeded.storeUrl, [{ name: 'ada', role: 'owner' }])) as { ada: Person });
    const webPort = await freePort();
    [server] = await Promise.all([startGraphServer(seeded.storeUrl, { webOrigin: `http://127.0.0.1:${webPort}` }), buildWebApp()]);
    web = await startWebApp(server.graphqlUrl, webPort);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
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

  const runUrl = (id: string) => `${web!.url}/runs/${encodeURIComponent(id)}`;

  it("shows a seeded run's header, a config row and a drawn metric chart", async () => {
    // The first seeded run: ProtoPNet, lr 0.01, seed 1, ten steps of val/auc and train/loss, finished.
    const runId = seeded.runIds[0]!;
    await page.goto(runUrl(runId));
    await page.getByTestId('run-page').waitFor();
    await expect(page.getByTestId('run-name').textContent()).resolves.toBe(seeded.runNames[0]);
    await expect(page.title()).resolves.toBe(`Run ${runId} · Protoscope`);
    const facts = page.getByTestId('run-facts');
    await expect(facts.locator('tr', { hasText: /^id/ }).locator('td').textContent()).resolves.toBe(runId);
    await expect(facts.locator('tr', { hasText: /^method/ }).locator('td').textContent()).resolves.toBe('protopnet');
    await expect(facts.locator('tr', { hasText: /^dataset/ }).locator('td').textContent()).resolves.toBe('e2e mammograms');
    await expect(page.getByTestId('run-status').textContent()).resolves.toBe('finished');
    await expect(facts.locator('tr', { hasText: /^seed/ }).locator('td').textContent()).resolves.toBe('1');
    await expect(facts.locator('tr', { hasText: /^tags/ }).locator('td').textContent()).resolves.toBe('e2e');

    // The config, flattened: optimizer.lr is 0.01 as seeded.
    await expect(page.locator('[data-testid="run-params"] tr[data-param="optimizer.lr"] td').nth(1).textContent()).resolves.toBe('0.01');
    await expect(page.locator('[data-testid="run-params"] tr[data-param="epochs"] td').nth(1).textContent()).resolves.toBe('10');

    // Latest val/auc of run 0 at step 9: 0.5 + 0.04 * 9 = 0.86.
    const latest = page.locator('[data-testid="run-latest-metrics"] tr[data-metric="val/auc"] td');
    await expect(latest.nth(1).textContent()).resolves.toBe('0.86');
    await expect(latest.nth(2).textContent()).resolves.toBe('9');

    // The metric chart cell's renderer draws one plotly chart per metric, val/auc first.
    const chart = page.locator('[data-run-cell="metric-chart"] [data-testid="renderer-metric-chart"]');
    await chart.locator('.main-svg').first().waitFor();
    await expect(chart.locator('[data-testid="metric-chart-plot"]').count()).resolves.toBe(2);
    await expect(chart.locator('.chart-title').allTextContents()).resolves.toEqual(['val/auc', 'train/loss']);

    // The classification evaluation as a row, its curves and its matrix; the run's prototypes and maps.
    await expect(page.locator('[data-testid="run-evaluations"] tbody tr').count()).resolves.toBe(1);
    await page.locator('[data-run-cell="roc-pr"] [data-testid="roc-plot"] .main-svg').first().waitFor();
    await page.locator('[data-run-cell="confusion-matrix"] .main-svg').first().waitFor();
    await page.locator('[data-run-cell="prototype-gallery"] [data-testid="prototype-card"]').first().waitFor();
    await page.locator('[data-run-cell="saliency-grid"] table.saliency-grid').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('leaves out the prototype section of a run without prototypes', async () => {
    await page.goto(runUrl(seeded.runIds[2]!));
    await page.getByTestId('run-page').waitFor();
    await expect(page.getByTestId('run-name').textContent()).resolves.toBe(seeded.runNames[2]);
    await page.getByTestId('run-section-metrics').waitFor();
    await expect(page.getByTestId('run-section-prototypes').count()).resolves.toBe(0);
  });

  it("names a trial's sweep in its header, and the sweep cell's best trial links to that page", async () => {
    await page.goto(runUrl(sweep.runIds[1]!));
    await page.getByTestId('run-sweep').waitFor();
    // Trial 1 reached val/auc 0.8 at its last epoch, above trial 0's 0.7: the best.
    await expect(page.getByTestId('run-sweep').textContent()).resolves.toBe('grid sweep e2e lr sweep (running), trial 1 (best so far), done, val/auc 0.8');
    await page.goto(runUrl(sweep.runIds[0]!));
    await expect(page.getByTestId('run-sweep').textContent()).resolves.toBe('grid sweep e2e lr sweep (running), trial 0, done, val/auc 0.7');

    await openNotebook(page, `${web!.url}/notebooks/${SWEEP_NOTEBOOK_ID}`);
    const best = page.getByTestId('sweep-best-run');
    await expect(best.getAttribute('href')).resolves.toBe(`/runs/${sweep.runIds[1]}`);
    await best.click();
    await page.waitForURL(runUrl(sweep.runIds[1]!));
    await expect(page.getByTestId('run-name').textContent()).resolves.toBe('e2e lr sweep trial 1');
  });

  it('says there is no such run for an unknown id', async () => {
    await page.goto(runUrl('no-such-run'));
    await page.getByTestId('run-missing').waitFor();
    await expect(page.getByTestId('run-missing').locator('.notice').textContent()).resolves.toBe('No run no-such-run.');
  });

  it('sends a visitor without a session to /login, to come back to the run', async () => {
    const anonymous = await browser!.newContext();
    const visitor = await anonymous.newPage();
    const runId = seeded.runIds[1]!;
    await visitor.goto(runUrl(runId));
    await visitor.waitForURL(/\/login\?next=/);
    expect(new URL(visitor.url()).searchParams.get('next')).toBe(`/runs/${runId}`);
    await anonymous.close();
  });
});

const SWEEP_NOTEBOOK_ID = 'e2e-sweep-notebook';

interface SeededSweep {
  sweepId: string;
  /** The trial runs by trial index. */
  runIds: string[];
}

/**
 * A grid sweep over optimizer.lr with two finished two-epoch trials (val/auc 0.7 and 0.8 at the last
 * epoch, so trial 1 is the best), and a notebook with the sweep's cell.
 */
async function seedSweep(seeded: SeededStore): Promise<SeededSweep> {
  const store = await openStore(seeded.storeUrl);
  try {
    const sweep = await store.sweeps.create({
      name: 'e2e lr sweep',
      method: 'global',
      dataset: seeded.datasetId,
      strategy: 'grid',
      space: { 'optimizer.lr': { values: [0.01, 0.001] } },
      settings: { epochs: 2 },
      maxParallel: 1,
      metric: 'val/auc',
      mode: 'max',
    });
    const runIds: string[] = [];
    for (const [trial, lr] of [0.01, 0.001].entries()) {
      const runId = await store.sweeps.addTrial(sweep.id, {
        trial,
        rung: 0,
        name: `e2e lr sweep trial ${trial}`,
        config: { method: { optimizer: { lr } }, training: { epochs: 2 } },
        seed: 0,
        tags: [`sweep:${sweep.id}`],
      });
      if (!runId) throw new Error(`sweep trial ${trial} was not created`);
      await store.runs.updateStatus(runId, 'running');
      await store.metrics.log(runId, [
        { key: 'val/auc', step: 0, epoch: 0, value: 0.6 },
        { key: 'val/auc', step: 1, epoch: 1, value: 0.7 + 0.1 * trial },
      ]);
      await store.runs.updateStatus(runId, 'finished');
      runIds.push(runId);
    }
    await store.notebooks.create({ id: SWEEP_NOTEBOOK_ID, title: 'Sweep notebook' });
    await store.cells.add(SWEEP_NOTEBOOK_ID, { type: 'sweep', spec: { sweepId: sweep.id } });
    return { sweepId: sweep.id, runIds };
  } finally {
    await store.close();
  }
}
