/**
 * Store URLs: `sqlite:PATH`, `sqlite::memory:`, `postgres://USER:PASSWORD@HOST:PORT/DATABASE[?schema=NAME]`.
 * The default is `sqlite:<PROTOSCOPE_HOME>/store.db` with `PROTOSCOPE_HOME` defaulting to `./.protoscope`
 * (or the whole URL from `PROTOSCOPE_STORE`, so a server and its workers can share one setting).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BadStoreUrlError, StoreUnavailableError } from './errors';

export type StoreDialect = 'sqlite' | 'postgres';

export interface SqliteStoreLocation {
  dialect: 'sqlite';
  /** Absolute path of the database file, or `:memory:`. */
  file: string;
  /** The URL with any password hidden, safe for messages and logs. */
  displayUrl: string;
}

export interface PostgresStoreLocation {
  dialect: 'postgres';
  /** The connection string handed to `pg`, without the Protoscope-only `schema` parameter. */
  connectionString: string;
  /** The PostgreSQL schema holding the tables (`public` unless `?schema=` says otherwise). */
  schema: string;
  /** The URL with the password replaced by `***`, safe for messages and logs. */
  displayUrl: string;
}

export type StoreLocation = SqliteStoreLocation | PostgresStoreLocation;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `PROTOSCOPE_HOME`, or `./.protoscope` when unset. */
export function protoscopeHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['PROTOSCOPE_HOME'];
  return home && home.trim() !== '' ? home : './.protoscope';
}

/** The store URL used when none is given: `PROTOSCOPE_STORE`, else `sqlite:<PROTOSCOPE_HOME>/store.db`. */
export function defaultStoreUrl(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['PROTOSCOPE_STORE'];
  if (explicit && explicit.trim() !== '') return explicit.trim();
  return `sqlite:${path.join(protoscopeHome(env), 'store.db')}`;
}

/** The URL with the password (if any) replaced by `***`. Works on malformed URLs too. */
export function redactStoreUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*:)[^@/?#]*@/i, '$1***@');
}

/** Parses and checks a store URL; relative SQLite paths are resolved against `cwd`. */
export function parseStoreUrl(url: string, cwd: string = process.cwd()): StoreLocation {
  const displayUrl = redactStoreUrl(url);
  const trimmed = url.trim();
  if (trimmed === '') throw new BadStoreUrlError(displayUrl, 'it is empty');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'sqlite' || scheme === 'sqlite3') return parseSqlite(trimmed, displayUrl, cwd);
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgres(trimmed, displayUrl);
  if (scheme === undefined || /^[a-z]$/i.test(scheme)) {
    throw new BadStoreUrlError(displayUrl, `it has no scheme; for a database file write sqlite:${trimmed}`);
  }
  throw new BadStoreUrlError(displayUrl, `the scheme "${scheme}:" is not supported`);
}

function parseSqlite(url: string, displayUrl: string, cwd: string): SqliteStoreLocation {
  let rest = url.slice(url.indexOf(':') + 1);
  // Also accept the URL-style spellings sqlite://relative/path and sqlite:///absolute/path.
  if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === ':memory:') return { dialect: 'sqlite', file: ':memory:', displayUrl };
  if (rest === '') throw new BadStoreUrlError(displayUrl, 'the database file path is missing after "sqlite:"');
  if (rest.includes('?')) {
    throw new BadStoreUrlError(displayUrl, 'SQLite store URLs take no parameters (nothing after "?")');
  }
  return { dialect: 'sqlite', file: path.resolve(cwd, rest), displayUrl };
}

function parsePostgres(url: string, displayUrl: string): PostgresStoreLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadStoreUrlError(displayUrl, 'it is not a well-formed URL');
  }
  if (parsed.hostname === '') throw new BadStoreUrlError(displayUrl, 'the host is missing');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new BadStoreUrlError(displayUrl, 'the database name is missing (…/DATABASE at the end of the URL)');
  }
  let schema = 'public';
  const schemaParam = parsed.searchParams.get('schema');
  if (schemaParam !== null) {
    if (!IDENTIFIER.test(schemaParam)) {
      throw new BadStoreUrlError(
        displayUrl,
        `schema "${schemaParam}" is not a plain lower-case identifier (letters, digits, underscore)`,
      );
    }
    schema = schemaParam;
    parsed.searchParams.delete('schema');
  }
  return { dialect: 'postgres', connectionString: parsed.toString(), schema, displayUrl };
}

/**
 * Opens nothing and creates nothing: for commands that read a store (explain, evaluate), an SQLite
 * file that is not there is an error naming it, before a folder, a file or artifacts are made. (A
 * PostgreSQL database that does not exist is refused by its server when connecting.)
 */
export function assertStoreExists(url: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const location = parseStoreUrl(url ?? defaultStoreUrl(env));
  if (location.dialect !== 'sqlite' || location.file === ':memory:') return;
  if (!fs.existsSync(location.file)) {
    throw new StoreUnavailableError(location.displayUrl, 'database-missing', `there is no store at ${location.file}; name an existing store with --store`);
  }
}
