/**
 * Test support: one fresh, empty store per test on each dialect, and `describeEachStore`, which runs
 * the same test body on every dialect. SQLite is always there (a file in a temporary folder).
 * PostgreSQL needs `PROTOSCOPE_TEST_POSTGRES_URL` (tools/ci/start-postgres.sh prints one); every
 * store gets its own schema, dropped afterwards, so concurrent test runs never meet. Without the
 * variable the PostgreSQL suites are registered as skipped, with the reason in their title.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { openStore, type OpenStoreOptions, type Store } from '../store';
import type { StoreDialect } from '../url';

export const POSTGRES_URL_VARIABLE = 'PROTOSCOPE_TEST_POSTGRES_URL';

/** Where a test store lives, before or without opening it. */
export interface TestLocation {
  /** The full URL (password included). */
  url: string;
  /** Artifact folder to pass to openStore. */
  artifactsDir: string;
  /** Deletes the database (schema) and files. Close stores on it first. Safe to call twice. */
  remove(): Promise<void>;
}

/** The store's clock: real time until a test sets it. */
export interface TestClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
  /** Back to real time. */
  reset(): void;
}

function testClock(): TestClock {
  let fixed: number | undefined;
  return {
    now: () => fixed ?? Date.now(),
    set: (ms) => void (fixed = ms),
    advance: (ms) => void (fixed = (fixed ?? Date.now()) + ms),
    reset: () => void (fixed = undefined),
  };
}

export interface TestStore extends TestLocation {
  store: Store;
  /** The clock the store reads (job leases, timings); set it to test time-dependent behaviour. */
  clock: TestClock;
  /** Closes the store and removes its location. Safe to call twice. */
  cleanup(): Promise<void>;
}

export interface StoreFactory {
  dialect: StoreDialect;
  /** Why this dialect cannot be tested here; undefined when it can. */
  skipReason?: string;
  /** A new location nothing has opened yet (a new file / a new schema). */
  location(): Promise<TestLocation>;
  /** A fresh, empty, migrated store on a new location. */
  open(options?: Omit<OpenStoreOptions, 'artifactsDir'>): Promise<TestStore>;
}

export function postgresTestUrl(): string | undefined {
  const url = process.env[POSTGRES_URL_VARIABLE];
  return url && url.trim() !== '' ? url.trim() : undefined;
}

async function openOn(location: TestLocation, options?: Omit<OpenStoreOptions, 'artifactsDir'>): Promise<TestStore> {
  const clock = testClock();
  const store = await openStore(location.url, { clock: clock.now, ...options, artifactsDir: location.artifactsDir });
  let done = false;
  return {
    ...location,
    store,
    clock,
    async cleanup() {
      if (done) return;
      done = true;
      await store.close();
      await location.remove();
    },
  };
}

function once(work: () => Promise<void>): () => Promise<void> {
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    await work();
  };
}

export const sqliteFactory: StoreFactory = {
  dialect: 'sqlite',
  async location() {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-store-test-'));
    return {
      url: `sqlite:${path.join(dir, 'store.db')}`,
      artifactsDir: path.join(dir, 'artifacts'),
      remove: once(() => fs.promises.rm(dir, { recursive: true, force: true })),
    };
  },
  async open(options) {
    return openOn(await this.location(), options);
  },
};

let schemaCounter = 0;

export function postgresFactory(baseUrl: string | undefined): StoreFactory {
  return {
    dialect: 'postgres',
    skipReason:
      baseUrl === undefined
        ? `${POSTGRES_URL_VARIABLE} is not set (start one with tools/ci/start-postgres.sh and export its URL)`
        : undefined,
    async location() {
      if (baseUrl === undefined) throw new Error(`${POSTGRES_URL_VARIABLE} is not set`);
      const schema = `test_${process.pid}_${++schemaCounter}_${randomBytes(3).toString('hex')}`;
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-store-test-'));
      return {
        url: `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}schema=${schema}`,
        artifactsDir: path.join(dir, 'artifacts'),
        remove: once(async () => {
          await dropSchema(baseUrl, schema);
          await fs.promises.rm(dir, { recursive: true, force: true });
        }),
      };
    },
    async open(options) {
      return openOn(await this.location(), options);
    },
  };
}

async function dropSchema(baseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

export function storeFactories(): StoreFactory[] {
  return [sqliteFactory, postgresFactory(postgresTestUrl())];
}

/**
 * Registers `body` once per dialect (`describe.each` over the available store factories); a dialect
 * that cannot run here is registered with `describe.skip` and the reason in its name, never dropped.
 */
export function describeEachStore(title: string, body: (factory: StoreFactory) => void): void {
  const factories = storeFactories();
  const available = factories.filter((f) => f.skipReason === undefined);
  if (available.length > 0) describe.each(available)(`${title} [$dialect]`, body);
  for (const factory of factories.filter((f) => f.skipReason !== undefined)) {
    describe.skip(`${title} [${factory.dialect}] SKIPPED: ${factory.skipReason}`, () => body(factory));
  }
}

/** Every table, children before parents. */
const TABLES = [
  'notebook_shares',
  'login_links',
  'api_tokens',
  'sessions',
  'comments',
  'comment_threads',
  'notebook_versions',
  'notebook_documents',
  'cells',
  'notebooks',
  'datasets',
  'jobs',
  'evaluations',
  'saliency_maps',
  'predictions',
  'prototypes',
  'checkpoints',
  'metrics',
  'run_params',
  'run_tags',
  'runs',
  'artifacts',
  'users',
] as const;

/** Deletes every row and every artifact file, leaving the schema as migrated. */
export async function emptyStore(testStore: TestStore): Promise<void> {
  // DELETE rather than TRUNCATE: on a few rows it is several times faster on PostgreSQL.
  const db = testStore.store.database;
  for (const table of TABLES) await db.deleteFrom(table).execute();
  await fs.promises.rm(testStore.artifactsDir, { recursive: true, force: true });
}

/**
 * One store per suite, emptied (and its clock reset to real time) before each test — a new schema per
 * test would cost ~150 ms on PostgreSQL; returns a getter for it.
 */
export function useFreshStore(factory: StoreFactory, options?: Omit<OpenStoreOptions, 'artifactsDir'>): () => TestStore {
  let current: TestStore | undefined;
  beforeAll(async () => {
    current = await factory.open(options);
  });
  beforeEach(async () => {
    if (!current) return;
    current.clock.reset();
    await emptyStore(current);
  });
  afterAll(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('no store: useFreshStore works inside tests only');
    return current;
  };
}
