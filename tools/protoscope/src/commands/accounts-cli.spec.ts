/**
 * `protoscope user …` and `protoscope token …` as a user runs them (the real CLI in a child
 * process, on a fresh SQLite store), and `serve --host 0.0.0.0` refusing a store without accounts.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStore } from '@protoscope/tracking';

const BIN = path.resolve(__dirname, '../../bin/protoscope.js');

function cli(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

describe('protoscope user and token', () => {
  let dir: string;
  let store: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-accounts-'));
    store = `sqlite:${path.join(dir, 'store.db')}`;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('token create --json makes the owner on a fresh store and ends with {"token", "id"}; revoke ends it', async () => {
    const created = await cli(['token', 'create', '--name', 'nightly', '--scope', 'write', '--json', '--store', store]);
    expect(created.code).toBe(0);
    const last = JSON.parse(created.stdout.trim().split('\n').pop()!) as { token: string; id: string };
    expect(Object.keys(last).sort()).toEqual(['id', 'token']);
    expect(last.token).toMatch(/^pst_/);
    const opened = await openStore(store);
    try {
      const found = await opened.apiTokens.find(last.token);
      expect(found?.token).toMatchObject({ id: last.id, name: 'nightly', scope: 'write' });
      expect(found?.user.role).toBe('owner');
    } finally {
      await opened.close();
    }
    // A second token acts for the same owner: no second owner is made.
    await cli(['token', 'create', '--name', 'reader', '--scope', 'read', '--store', store]);
    const users = JSON.parse((await cli(['user', 'list', '--json', '--store', store])).stdout) as Array<{ role: string }>;
    expect(users.map((u) => u.role)).toEqual(['owner']);
    const revoked = await cli(['token', 'revoke', last.id, '--store', store]);
    expect(revoked.stdout).toBe(`revoked token ${last.id} ("nightly")\n`);
    const again = await cli(['token', 'revoke', last.id, '--store', store]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no active API token with id/);
    const bad = await cli(['token', 'create', '--name', 'x', '--scope', 'admin', '--store', store]);
    expect(bad.stderr).toBe('protoscope: --scope must be one of read, write, worker, got "admin"\n');
  }, 120_000);

  it('user add (password from stdin or a one-time URL), list, role and remove; the last owner stays', async () => {
    const added = await cli(['user', 'add', 'ada', '--role', 'owner', '--password-stdin', '--store', store], 'analytical engine\n');
    expect(added.stdout).toBe('created ada (owner)\n');
    const bob = await cli(['user', 'add', 'bob', '--role', 'viewer', '--url', 'http://lab.example:4000', '--store', store]);
    expect(bob.stdout).toMatch(/^created bob \(viewer\)\none-time login URL \(valid until .*\):\n {2}http:\/\/lab\.example:4000\/auth\/link\?token=psl_[A-Za-z0-9_-]+\n$/);
    const list = await cli(['user', 'list', '--store', store]);
    expect(list.stdout.split('\n').slice(2, 4).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['ada', 'owner', 'yes'],
      ['bob', 'viewer', 'no'],
    ]);
    const lastOwner = await cli(['user', 'remove', 'ada', '--store', store]);
    expect(lastOwner.code).toBe(2);
    expect(lastOwner.stderr).toBe('protoscope: cannot remove "ada": it is the last owner of the workspace; make another user owner first\n');
    expect((await cli(['user', 'role', 'ada', 'editor', '--store', store])).stderr).toMatch(/cannot demote "ada"/);
    expect((await cli(['user', 'role', 'bob', 'owner', '--store', store])).stdout).toBe('bob is now owner\n');
    expect((await cli(['user', 'remove', 'ada', '--store', store])).stdout).toBe('removed ada\n');
    const opened = await openStore(store);
    try {
      expect((await opened.users.list()).map((u) => [u.name, u.role])).toEqual([['bob', 'owner']]);
      expect(await opened.users.checkPassword('ada', 'analytical engine')).toBeUndefined();
    } finally {
      await opened.close();
    }
    expect((await cli(['user', 'add', 'x y', '--store', store])).stderr).toMatch(/^protoscope: createUser: name: a user name is/);
  }, 120_000);

  it('serve --host 0.0.0.0 refuses a store without accounts and says why', async () => {
    const refused = await cli(['serve', '--host', '0.0.0.0', '--port', '0', '--store', store]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^protoscope: refusing to listen on 0\.0\.0\.0: that address is reachable from the network and the store has no accounts yet/);
  }, 60_000);
});
