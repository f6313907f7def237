import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BadStoreUrlError, StoreUnavailableError } from './errors';
import { openStore } from './store';
import { postgresTestUrl } from './test-support/store-factories';
import { defaultStoreUrl, parseStoreUrl, redactStoreUrl } from './url';

describe('store URLs', () => {
  it('parses the SQLite forms, resolving relative paths', () => {
    expect(parseStoreUrl('sqlite:./.protoscope/store.db', '/work')).toEqual({
      dialect: 'sqlite',
      file: '/work/.protoscope/store.db',
      displayUrl: 'sqlite:./.protoscope/store.db',
    });
    expect(parseStoreUrl('sqlite:/abs/store.db', '/work')).toMatchObject({ file: '/abs/store.db' });
    expect(parseStoreUrl('sqlite:///abs/store.db', '/work')).toMatchObject({ file: '/abs/store.db' });
    expect(parseStoreUrl('sqlite://rel/store.db', '/work')).toMatchObject({ file: '/work/rel/store.db' });
    expect(parseStoreUrl('sqlite::memory:')).toMatchObject({ dialect: 'sqlite', file: ':memory:' });
  });

  it('parses PostgreSQL URLs, taking out the schema parameter', () => {
    expect(parseStoreUrl('postgres://u:secret@db.lab:5433/protoscope')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u:secret@db.lab:5433/protoscope',
      schema: 'public',
      displayUrl: 'postgres://u:***@db.lab:5433/protoscope',
    });
    expect(parseStoreUrl('postgresql://u@h/db?schema=team_a&sslmode=require')).toMatchObject({
      connectionString: 'postgresql://u@h/db?sslmode=require',
      schema: 'team_a',
    });
  });

  it('defaults to sqlite under PROTOSCOPE_HOME, or to PROTOSCOPE_STORE', () => {
    expect(defaultStoreUrl({})).toBe('sqlite:.protoscope/store.db');
    expect(defaultStoreUrl({ PROTOSCOPE_HOME: '/data/ps' })).toBe('sqlite:/data/ps/store.db');
    expect(defaultStoreUrl({ PROTOSCOPE_HOME: '/data/ps', PROTOSCOPE_STORE: 'postgres://u@h/db' })).toBe(
      'postgres://u@h/db',
    );
  });

  it('hides passwords', () => {
    expect(redactStoreUrl('postgres://user:p%40ss:word@host:5432/db')).toBe('postgres://user:***@host:5432/db');
    expect(redactStoreUrl('postgres://user@host/db')).toBe('postgres://user@host/db');
    expect(redactStoreUrl('sqlite:./x.db')).toBe('sqlite:./x.db');
  });

  it.each([
    ['', /it is empty/],
    ['./store.db', /has no scheme; for a database file write sqlite:\.\/store\.db/],
    ['mysql://u:pw@h/db', /the scheme "mysql:" is not supported/],
    ['sqlite:', /database file path is missing/],
    ['sqlite:x.db?mode=ro', /take no parameters/],
    ['postgres://u:pw@/db', /host is missing|not a well-formed URL/],
    ['postgres://u:pw@host:5432', /database name is missing/],
    ['postgres://u:pw@host/db?schema=Bad-Name', /schema "Bad-Name" is not a plain lower-case identifier/],
  ])('rejects %j naming the accepted forms', (url, problem) => {
    let error: unknown;
    try {
      parseStoreUrl(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadStoreUrlError);
    const message = (error as Error).message;
    expect(message).toMatch(problem);
    expect(message).toContain('Accepted forms: sqlite:PATH');
    expect(message).toContain('postgres://USER:PASSWORD@HOST:PORT/DATABASE');
    expect(message).not.toContain(':pw@');
  });
});

describe('opening a store that cannot be opened', () => {
  it('rejects a bad URL before connecting', async () => {
    await expect(openStore('mongodb://x/y')).rejects.toThrow(BadStoreUrlError);
  });

  it('names a PostgreSQL server that does not answer, without the password', async () => {
    const url = 'postgres://someone:hunter2@127.0.0.1:1/protoscope';
    const error = await openStore(url, { connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).reason).toBe('not-answering');
    expect((error as Error).message).toContain('store postgres://someone:***@127.0.0.1:1/protoscope');
    expect((error as Error).message).toMatch(/does not answer \(ECONNREFUSED\)/);
    expect((error as Error).message).toContain('tools/ci/start-postgres.sh');
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('says when an SQLite path is not a database file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-url-test-'));
    try {
      const notDb = path.join(dir, 'notes.txt');
      fs.writeFileSync(notDb, 'this is not a database, just a long enough text file to be read as a header');
      const error = await openStore(`sqlite:${notDb}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/cannot be used as an SQLite database/);
      const blocked = path.join(notDb, 'store.db'); // a "folder" that is a file
      const error2 = await openStore(`sqlite:${blocked}`).catch((e: unknown) => e);
      expect(error2).toBeInstanceOf(StoreUnavailableError);
      expect((error2 as StoreUnavailableError).reason).toBe('cannot-open-file');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const pgUrl = postgresTestUrl();
  (pgUrl ? it : it.skip)(
    `names a wrong PostgreSQL password and a missing database${pgUrl ? '' : ' — SKIPPED: PROTOSCOPE_TEST_POSTGRES_URL is not set'}`,
    async () => {
      const base = new URL(pgUrl!);
      const wrongPassword = new URL(base);
      wrongPassword.password = 'definitely-wrong';
      const e1 = await openStore(wrongPassword.toString()).catch((e: unknown) => e);
      expect(e1).toBeInstanceOf(StoreUnavailableError);
      expect((e1 as StoreUnavailableError).reason).toBe('authentication-failed');
      expect((e1 as Error).message).toMatch(/refused the login .*check the user and password/);
      expect((e1 as Error).message).not.toContain('definitely-wrong');

      const missing = new URL(base);
      missing.pathname = '/no_such_database_here';
      const e2 = await openStore(missing.toString()).catch((e: unknown) => e);
      expect((e2 as StoreUnavailableError).reason).toBe('database-missing');
      expect((e2 as Error).message).toMatch(/no_such_database_here.*createdb/);
    },
  );

  it('opens an in-memory store with a temporary artifact folder that goes away on close', async () => {
    const store = await openStore('sqlite::memory:');
    const hash = await store.artifacts.put(Buffer.from('x'), { kind: 'image', mediaType: 'image/png' });
    expect(fs.existsSync(store.artifacts.path(hash))).toBe(true);
    expect(store.artifactsDir!.startsWith(os.tmpdir())).toBe(true);
    await store.close();
    await store.close();
    expect(fs.existsSync(store.artifactsDir!)).toBe(false);
  });

  it('puts the default store and its artifacts under PROTOSCOPE_HOME', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-home-test-'));
    try {
      const store = await openStore(undefined, { env: { PROTOSCOPE_HOME: home } });
      try {
        expect(store.url).toBe(`sqlite:${path.join(home, 'store.db')}`);
        expect(store.artifactsDir).toBe(path.join(home, 'artifacts'));
        expect(fs.existsSync(path.join(home, 'store.db'))).toBe(true);
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
