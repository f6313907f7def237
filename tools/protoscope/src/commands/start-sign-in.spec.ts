/**
 * `protoscope start` on a store without accounts makes the owner and prints a one-time URL that
 * signs a browser in; a later start prints how to get a new one. The real CLI in a child process
 * (GraphQL and one worker; no notebook UI, no demo).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStore } from '@protoscope/tracking';
import { freePort } from '@protoscope/tracking/free-port';

const BIN = path.resolve(__dirname, '../../bin/protoscope.js');


/** Starts `protoscope start`, resolves with its stdout once the banner is complete. */
function start(home: string, port: number): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(process.execPath, [BIN, 'start', '--no-web', '--no-demo', '--workers', '1', '--port', String(port)], {
    env: { ...process.env, PROTOSCOPE_HOME: home, PROTOSCOPE_STORE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      if (/Ctrl-C stops it/.test(out)) resolve({ child, banner: out });
    });
    child.once('exit', (code) => reject(new Error(`start exited (${code}) before its banner:\n${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

describe('protoscope start and signing in', () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-start-'));
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('makes the owner and prints a one-time URL on the first start, and how to get one later', async () => {
    const port = await freePort();
    const first = await start(home, port);
    try {
      const url = /Open this one-time URL to sign in as (\S+) \(the owner\):\n {4}(\S+)\n/.exec(first.banner);
      expect(url).not.toBeNull();
      expect(url![2]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/auth/link\\?token=psl_`));
      const signedIn = await fetch(url![2], { redirect: 'manual' });
      expect(signedIn.status).toBe(303);
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
      const me = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{"query":"{ me { name role } }"}' });
      expect(await me.json()).toEqual({ data: { me: { name: url![1], role: 'OWNER' } } });
    } finally {
      await stop(first.child);
    }
    const second = await start(home, port);
    await stop(second.child);
    expect(second.banner).not.toMatch(/one-time URL to sign in/);
    expect(second.banner).toMatch(/Sign in: `protoscope user login-url --next \S+` prints a one-time URL/);
    const store = await openStore(`sqlite:${path.join(home, 'store.db')}`);
    try {
      expect((await store.users.list()).map((u) => u.role)).toEqual(['owner']);
    } finally {
      await store.close();
    }
  }, 180_000);
});
