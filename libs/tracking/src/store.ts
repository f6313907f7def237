/**
 * The store: `openStore(url)` connects (SQLite or PostgreSQL, by URL), brings the schema to the latest
 * migration and returns a `Store` whose areas are the whole typed API (`store.runs.create(…)`,
 * `store.jobs.claimNext(…)`: store-areas.ts). Each concept lives in its own module (runs.ts,
 * metrics.ts, …); this class only binds them to one connection.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Kysely } from 'kysely';
import { ArtifactFiles } from './artifact-files';
import { isS3Location, openArtifactStore } from './artifact-location';
import type { ArtifactStore } from './artifact-store';
import { ChangeListener, type ChangeListenerOptions } from './change-listener';
import { defaultDataRoot } from './dataset-location';
import type { StoreContext } from './context';
import * as datasets from './datasets';
import { connect, type ConnectOptions } from './dialect';
import { fencedWrite, type AttemptFence } from './jobs-fence';
import { storeAreas, type StoreAreas } from './store-areas';
import { migrateToLatest } from './migrations';
import type { Database } from './schema';
import { defaultStoreUrl, parseStoreUrl, protoscopeHome, type StoreDialect, type StoreLocation } from './url';

export interface OpenStoreOptions extends ConnectOptions {
  /**
   * Folder of the artifact files. Default: beside an SQLite file (`<dir of PATH>/artifacts`, which is
   * `<PROTOSCOPE_HOME>/artifacts` for the default store); `<PROTOSCOPE_HOME>/artifacts` for PostgreSQL
   * (a folder every worker must share); a temporary folder, removed on close, for `sqlite::memory:`.
   */
  artifactsDir?: string;
  /**
   * Where artifacts live instead of that folder: a folder, or `s3://BUCKET[/PREFIX]` (see
   * artifact-location.ts for the endpoint and keys). Default `PROTOSCOPE_ARTIFACTS`, else the folder.
   */
  artifacts?: string;
  /**
   * The folder dataset locations are relative to. Default `PROTOSCOPE_DATA_ROOT`, else `datasets`
   * beside an SQLite file, else `<PROTOSCOPE_HOME>/datasets`.
   */
  dataRoot?: string;
  /** Epoch-millisecond clock; tests replace it to expire job leases without waiting. */
  clock?: () => number;
  /** Environment for PROTOSCOPE_HOME / PROTOSCOPE_STORE (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Writes of job results through this store are fenced by this attempt (see {@link Store.fenced}). */
  fence?: AttemptFence;
}

/** Opens (creating and migrating if needed) the store at `url`, default {@link defaultStoreUrl}. */
export async function openStore(url?: string, options: OpenStoreOptions = {}): Promise<Store> {
  const env = options.env ?? process.env;
  const location = parseStoreUrl(url ?? defaultStoreUrl(env));
  const connection = await connect(location, options);
  const dataRoot = options.dataRoot ? path.resolve(options.dataRoot) : defaultDataRoot(location, env);
  let applied: string[];
  try {
    applied = await migrateToLatest(connection.db, {
      dialect: connection.dialect,
      schema: location.dialect === 'postgres' ? location.schema : undefined,
      displayUrl: location.displayUrl,
      dataRoot,
    });
  } catch (error) {
    await connection.close();
    throw error;
  }
  let artifactStore: ArtifactStore;
  let temporary = false;
  try {
    const spec = options.artifacts ?? (options.artifactsDir ? undefined : env.PROTOSCOPE_ARTIFACTS || undefined);
    if (spec !== undefined) {
      artifactStore = await openArtifactStore(spec, env);
    } else {
      const resolved = await resolveArtifactsDir(location, options, env);
      artifactStore = new ArtifactFiles(resolved.artifactsDir);
      temporary = resolved.temporary;
    }
  } catch (error) {
    await connection.close();
    throw error;
  }
  const ctx: StoreContext = {
    db: connection.db,
    dialect: connection.dialect,
    displayUrl: location.displayUrl,
    artifacts: artifactStore,
    dataRoot,
    now: options.clock ?? Date.now,
  };
  const store = new Store(ctx, location, applied, connection.close, temporary, env);
  return options.fence ? store.fenced(options.fence, { owning: true }) : store;
}

async function resolveArtifactsDir(
  location: StoreLocation,
  options: OpenStoreOptions,
  env: NodeJS.ProcessEnv,
): Promise<{ artifactsDir: string; temporary: boolean }> {
  if (options.artifactsDir) return { artifactsDir: path.resolve(options.artifactsDir), temporary: false };
  if (location.dialect === 'sqlite' && location.file === ':memory:') {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-artifacts-'));
    return { artifactsDir: dir, temporary: true };
  }
  if (location.dialect === 'sqlite') return { artifactsDir: path.join(path.dirname(location.file), 'artifacts'), temporary: false };
  return { artifactsDir: path.resolve(protoscopeHome(env), 'artifacts'), temporary: false };
}

export class Store {
  /** The store URL with its password hidden. */
  readonly url: string;
  readonly dialect: StoreDialect;
  /** The PostgreSQL schema holding the tables; undefined for SQLite. */
  readonly schema: string | undefined;
  /** Absolute path of the artifact folder; undefined when artifacts are in an object store. */
  readonly artifactsDir: string | undefined;
  /** The folder dataset locations are relative to. */
  readonly dataRoot: string;
  /** Where artifacts are: the folder, or `s3://bucket/prefix`. */
  readonly artifactsLocation: string;
  /** `local` (files) or `s3`. */
  readonly artifactsKind: 'local' | 's3';
  /** The migrations this open applied (empty when the store was already up to date). */
  readonly appliedMigrations: readonly string[];
  readonly runs: StoreAreas['runs'];
  readonly metrics: StoreAreas['metrics'];
  readonly artifacts: StoreAreas['artifacts'];
  readonly checkpoints: StoreAreas['checkpoints'];
  readonly prototypes: StoreAreas['prototypes'];
  readonly predictions: StoreAreas['predictions'];
  readonly saliency: StoreAreas['saliency'];
  readonly evaluations: StoreAreas['evaluations'];
  readonly jobs: StoreAreas['jobs'];
  readonly sweeps: StoreAreas['sweeps'];
  readonly datasets: StoreAreas['datasets'];
  readonly notebooks: StoreAreas['notebooks'];
  readonly cells: StoreAreas['cells'];
  readonly documents: StoreAreas['documents'];
  readonly comments: StoreAreas['comments'];
  readonly versions: StoreAreas['versions'];
  readonly users: StoreAreas['users'];
  readonly sessions: StoreAreas['sessions'];
  readonly apiTokens: StoreAreas['apiTokens'];
  readonly loginLinks: StoreAreas['loginLinks'];
  readonly shares: StoreAreas['shares'];
  readonly #ctx: StoreContext;
  readonly #closeConnection: () => Promise<void>;
  readonly #temporaryArtifacts: boolean;
  readonly #location: StoreLocation;
  readonly #env: NodeJS.ProcessEnv;
  /** Object-store datasets already copied to their local folder by this process. */
  readonly #fetchedDatasets = new Map<string, Promise<void>>();
  #closed = false;
  /** Set on a fenced view: see {@link Store.fenced}. */
  #fence: AttemptFence | undefined;
  /** A fenced view shares its parent's connection and leaves closing it to the parent. */
  #borrowed = false;

  constructor(
    ctx: StoreContext,
    location: StoreLocation,
    appliedMigrations: readonly string[],
    closeConnection: () => Promise<void>,
    temporaryArtifacts: boolean,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.#ctx = ctx;
    this.#closeConnection = closeConnection;
    this.url = ctx.displayUrl;
    this.dialect = ctx.dialect;
    this.schema = location.dialect === 'postgres' ? location.schema : undefined;
    this.artifactsDir = ctx.artifacts instanceof ArtifactFiles ? ctx.artifacts.root : undefined;
    this.artifactsLocation = ctx.artifacts.location;
    this.dataRoot = ctx.dataRoot;
    this.artifactsKind = ctx.artifacts.kind;
    this.appliedMigrations = appliedMigrations;
    this.#temporaryArtifacts = temporaryArtifacts;
    this.#location = location;
    this.#env = env;
    const areas = storeAreas(ctx, (work) => fencedWrite(this.#ctx, this.#fence, work), (datasetId) => this.#datasetFolder(datasetId));
    this.runs = areas.runs;
    this.metrics = areas.metrics;
    this.artifacts = areas.artifacts;
    this.checkpoints = areas.checkpoints;
    this.prototypes = areas.prototypes;
    this.predictions = areas.predictions;
    this.saliency = areas.saliency;
    this.evaluations = areas.evaluations;
    this.jobs = areas.jobs;
    this.sweeps = areas.sweeps;
    this.datasets = areas.datasets;
    this.notebooks = areas.notebooks;
    this.cells = areas.cells;
    this.documents = areas.documents;
    this.comments = areas.comments;
    this.versions = areas.versions;
    this.users = areas.users;
    this.sessions = areas.sessions;
    this.apiTokens = areas.apiTokens;
    this.loginLinks = areas.loginLinks;
    this.shares = areas.shares;
  }

  /**
   * Listens for changes to runs (metric points included) and jobs written by any process: PostgreSQL
   * LISTEN/NOTIFY (change-listener.ts). Undefined on SQLite, which has no notifications: poll.
   */
  async listenForChanges(options: ChangeListenerOptions): Promise<ChangeListener | undefined> {
    if (this.#location.dialect !== 'postgres') return undefined;
    const listener = new ChangeListener(this.#location, options);
    await listener.start();
    return listener;
  }

  /**
   * The typed query builder on the store's tables, for tests and one-off reads this API does not
   * offer; application code (the server included) uses the methods. Never write through it: the
   * methods keep the invariants.
   */
  get database(): Kysely<Database> {
    return this.#ctx.db;
  }

  /**
   * A view of this store whose writes of a job's results — runs, metric points, checkpoints,
   * prototypes, predictions, saliency maps, evaluations, datasets, the job's run — are made only while
   * the attempt `fence` holds the job, each in one transaction with the check (jobs-fence.ts): a write
   * from an attempt that lost the job throws StaleAttemptError and stores nothing. Reads are unchanged.
   * Closing the view leaves this store open unless `owning`.
   */
  fenced(fence: AttemptFence, options: { owning?: boolean } = {}): Store {
    const view = new Store(this.#ctx, this.#location, this.appliedMigrations, this.#closeConnection, this.#temporaryArtifacts, this.#env);
    view.#fence = { ...fence };
    view.#borrowed = !options.owning;
    return view;
  }

  /** The attempt this store's result writes are fenced by, if any. */
  get fence(): AttemptFence | undefined {
    return this.#fence;
  }

  /** Closes the connection (and removes the temporary artifact folder of an in-memory store). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#borrowed) return;
    await this.#closeConnection();
    await this.#ctx.artifacts.close();
    if (this.#temporaryArtifacts && this.artifactsDir) await fs.promises.rm(this.artifactsDir, { recursive: true, force: true });
  }

  async #datasetFolder(datasetId: string): Promise<string> {
    const dataset = await datasets.getDataset(this.#ctx, datasetId);
    if (!isS3Location(dataset.location)) return dataset.path;
    let fetched = this.#fetchedDatasets.get(dataset.location);
    if (!fetched) {
      // The S3 client is loaded only for object-store datasets (require: see artifact-location.ts).
      const { fetchDatasetObjects } = require('./dataset-fetch') as typeof import('./dataset-fetch');
      fetched = fetchDatasetObjects(dataset.location, dataset.path, this.#env).then(() => undefined);
      this.#fetchedDatasets.set(dataset.location, fetched);
      fetched.catch(() => this.#fetchedDatasets.delete(dataset.location));
    }
    await fetched;
    return dataset.path;
  }
}
