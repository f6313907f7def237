/**
 * Opening a connection for each dialect, and the few places where the dialects differ at run time:
 * write transactions, booleans, and how connection failures are explained.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import { StoreUnavailableError } from './errors';
import type { Database } from './schema';
import type { PostgresStoreLocation, SqliteStoreLocation, StoreDialect, StoreLocation } from './url';

export interface ConnectOptions {
  /** How long to wait for a PostgreSQL server to accept a connection. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** How long an SQLite writer waits for another process's write lock. Default 15000 ms. */
  sqliteBusyTimeoutMs?: number;
}

export interface Connection {
  db: Kysely<Database>;
  dialect: StoreDialect;
  /** Gives the connection back (closes it, or lowers the share count of an SQLite file). */
  close(): Promise<void>;
}

export async function connect(location: StoreLocation, options: ConnectOptions = {}): Promise<Connection> {
  return location.dialect === 'sqlite' ? connectSqlite(location, options) : connectPostgres(location, options);
}

/**
 * SQLite connections are shared by every store opened on the same file in one process. better-sqlite3
 * is synchronous: with two connections in one process, the second writer would block the event loop
 * waiting for a lock the first can only release once the event loop runs — a deadlock until the busy
 * timeout. One shared connection serialises them through Kysely's connection mutex instead. Other
 * processes still get their own connection and wait for the write lock (busy timeout).
 */
const sharedSqlite = new Map<string, { db: Kysely<Database>; users: number }>();

function connectSqlite(location: SqliteStoreLocation, options: ConnectOptions): Connection {
  const memory = location.file === ':memory:';
  const shared = memory ? undefined : sharedSqlite.get(location.file);
  if (shared) {
    shared.users++;
    return { db: shared.db, dialect: 'sqlite', close: releaseSqlite(location.file, shared) };
  }
  let database: BetterSqlite3.Database;
  try {
    if (!memory) fs.mkdirSync(path.dirname(location.file), { recursive: true });
    database = new BetterSqlite3(location.file, { timeout: options.sqliteBusyTimeoutMs ?? 15_000 });
  } catch (error) {
    throw new StoreUnavailableError(
      location.displayUrl,
      'cannot-open-file',
      `cannot open the SQLite file ${location.file} (${errorText(error)}); check that its folder is writable`,
      { cause: error },
    );
  }
  try {
    // WAL lets a server read while a training process writes; NORMAL sync is crash-safe under WAL.
    if (!memory) database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw new StoreUnavailableError(
      location.displayUrl,
      'cannot-open-file',
      `${location.file} cannot be used as an SQLite database (${errorText(error)}); ` +
        'is it another kind of file? Point the store URL at a new path or at a Protoscope store',
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
  if (memory) return { db, dialect: 'sqlite', close: () => db.destroy() };
  const entry = { db, users: 1 };
  sharedSqlite.set(location.file, entry);
  return { db, dialect: 'sqlite', close: releaseSqlite(location.file, entry) };
}

/**
 * Kysely's SQLite dialect, with two changes. Transactions begin with `BEGIN IMMEDIATE`, taking the
 * database's write lock up front (waiting up to the busy timeout for another process): with a plain
 * `BEGIN`, two processes could both read, then both try to write, and one would fail. And DDL is
 * declared transactional (SQLite's is), so the Migrator runs each migration — and its check of what
 * is already applied — inside such a transaction: migrations are atomic, and processes opening a new
 * store together migrate one after the other (Kysely takes no migration lock on SQLite).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

function releaseSqlite(file: string, entry: { db: Kysely<Database>; users: number }): () => Promise<void> {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    entry.users--;
    if (entry.users > 0) return;
    if (sharedSqlite.get(file) === entry) sharedSqlite.delete(file);
    await entry.db.destroy();
  };
}

/**
 * int8 (counts, ids, epoch-ms times) as numbers — every value the store writes is below 2^53 — and
 * json/jsonb as their text, so both dialects hand JSON columns back the same way.
 */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') => {
  if (oid === pg.types.builtins.INT8) return (text: string) => Number(text);
  if (oid === pg.types.builtins.JSON || oid === pg.types.builtins.JSONB) return (text: string) => text;
  return pg.types.getTypeParser(oid, format);
}) as typeof pg.types.getTypeParser;

async function connectPostgres(location: PostgresStoreLocation, options: ConnectOptions): Promise<Connection> {
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    // JIT compiling is for long analytical queries: on the store's short ones (a thinned history of 20
    // runs) it added 40 ms of compilation to 320 ms of execution.
    options: `-c search_path=${location.schema} -c jit=off`,
    types: { getTypeParser },
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      if (location.schema !== 'public') await createSchema(client, location.schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw explainPostgresFailure(location, error);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

async function createSchema(client: pg.PoolClient, schema: string): Promise<void> {
  try {
    await client.query(`create schema if not exists ${schema}`);
  } catch (error) {
    // Two processes creating the schema at once: "if not exists" does not stop the loser's unique
    // violation. The schema being there is all that matters.
    const found = await client.query('select 1 from pg_namespace where nspname = $1', [schema]);
    if (found.rowCount === 0) throw error;
  }
}

const NOT_ANSWERING_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

function explainPostgresFailure(location: PostgresStoreLocation, error: unknown): StoreUnavailableError {
  const url = location.displayUrl;
  const code = errorCode(error);
  const detail = errorText(error);
  if ((code !== undefined && NOT_ANSWERING_CODES.has(code)) || /timeout|terminated/i.test(detail)) {
    return new StoreUnavailableError(
      url,
      'not-answering',
      `the PostgreSQL server does not answer (${code ?? detail}). Is it running and reachable? ` +
        'tools/ci/start-postgres.sh starts a local one; or use a sqlite: store',
      { cause: error },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new StoreUnavailableError(
      url,
      'authentication-failed',
      `PostgreSQL refused the login (${detail}); check the user and password in the URL`,
      { cause: error },
    );
  }
  if (code === '3D000') {
    return new StoreUnavailableError(
      url,
      'database-missing',
      `${detail}; create it (createdb -O USER DATABASE) or fix the database name in the URL`,
      { cause: error },
    );
  }
  return new StoreUnavailableError(url, 'other', `cannot open the PostgreSQL store: ${detail}`, { cause: error });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Node reports a refused dual-stack connect as an AggregateError whose parts carry the code.
  const parts = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(parts) ? parts.map(errorCode).find((c) => c !== undefined) : undefined;
}

/** The message of an error from any realm (driver errors may not be `instanceof Error` here). */
export function errorText(error: unknown): string {
  const { message, errors } = (error ?? {}) as { message?: unknown; errors?: unknown };
  if (message === '' && Array.isArray(errors)) return errors.map(errorText).join('; ');
  return typeof message === 'string' ? message : String(error);
}

/**
 * Runs `work` in one write transaction. SQLite: `BEGIN IMMEDIATE` (see ImmediateSqliteDialect), so
 * writers in several processes go one at a time. PostgreSQL: an ordinary read-committed transaction.
 */
export async function inWriteTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  // Already inside one (a fenced write wraps the store's own transactions): join it.
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}

/** A boolean as the dialect stores it. */
export function boolValue(dialect: StoreDialect, value: boolean): boolean | number {
  return dialect === 'postgres' ? value : value ? 1 : 0;
}
