/**
 * Signing in from a real browser: a production build of the web app against a real server on a
 * seeded store, headless Chromium. A visit without a session lands on /login; the password form and
 * the one-time URL that `protoscope start` prints both end on the notebook, signed in, with the
 * session in an HttpOnly cookie that page scripts cannot read.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type RunningServer } from '@protoscope/server';
import { freePort } from '@protoscope/tracking/free-port';
import { seedStore, type SeededStore } from './seed-store';
import { buildWebApp, startWebApp, type WebApp } from './web-app';

const CHROMIUM = process.env['PROTOSCOPE_CHROMIUM'] || '/usr/bin/chromium';
jest.setTimeout(60_000);

describe('signing in from a browser', () => {
  let dir: string;
  let seeded: SeededStore;
  let server: RunningServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (sudo bash tools/ci/install-chromium.sh) or set PROTOSCOPE_CHROMIUM to a Chromium binary`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-sign-in-'));
    seeded = await seedStore(dir);
    // The web app needs the server's address and the server the web app's origin: fix the port first.
    const serverPort = await freePort();
    await buildWebApp();
    web = await startWebApp(`http://127.0.0.1:${serverPort}/graphql`);
    server = await startServer({ storeUrl: seeded.storeUrl, port: serverPort, host: '127.0.0.1', webOrigins: [web.url] });
    await server.store.users.create({ name: 'ada', role: 'owner', password: 'analytical engine' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await web?.process.stop();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const notebookUrl = () => `${web!.url}/notebooks/${seeded.notebookId}`;

  it('sends a visitor without a session to /login, and the password form back to the notebook', async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    await page.goto(notebookUrl());
    await page.waitForURL(/\/login\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/notebooks/${seeded.notebookId}`);
    await page.getByLabel('Name').fill('ada');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toBe('wrong name or password');
    await page.getByLabel('Password').fill('analytical engine');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(notebookUrl());
    await page.getByTestId('notebook').waitFor();
    const cookies = await context.cookies(server!.url);
    expect(cookies.find((c) => c.name === 'protoscope_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).not.toContain('protoscope_session');
    await context.close();
  });

  it('opens the notebook signed in from the one-time URL, which works once', async () => {
    const owner = await server!.store.users.get('ada');
    const link = await server!.store.loginLinks.create(owner.id);
    // The URL `protoscope start` prints: the server consumes the link, sets the cookie, redirects to the notebook.
    const url = `${server!.url}/auth/link?token=${link.secret}&next=${encodeURIComponent(notebookUrl())}`;
    const context = await browser!.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForURL(notebookUrl());
    await page.getByTestId('notebook').waitFor();
    const other = await browser!.newContext();
    const again = await (await other.newPage()).goto(url);
    expect(again?.status()).toBe(401);
    await Promise.all([context.close(), other.close()]);
  });
});
