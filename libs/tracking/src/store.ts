/**
 * The store: `openStore(url)` connects (SQLite or PostgreSQL, by URL), brings the schema to the latest
 * migration and returns a `Store` whose methods are the whole typed API. Each concept lives in its own
 * module (runs.ts, metrics.ts, …); this class only binds them to one connection.
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
import { ArtifactStoreError } from './errors';
import * as apiTokens from './accounts/api-tokens';
import * as loginLinks from './accounts/login-links';
import * as shares from './accounts/notebook-shares';
import * as sessions from './accounts/sessions';
import * as users from './accounts/users';
import * as artifacts from './artifacts';
import * as checkpoints from './checkpoints';
import * as comments from './collab/comments';
import * as notebookDocuments from './collab/notebook-documents';
import * as notebookVersions from './collab/notebook-versions';
import type { StoreContext } from './context';
import * as datasets from './datasets';
import { connect, type ConnectOptions } from './dialect';
import * as jobs from './jobs';
import * as deliveredJobs from './jobs-delivered';
import { fencedWrite, type AttemptFence } from './jobs-fence';
import type { JsonValue } from './json';
import * as metrics from './metrics';
import { migrateToLatest } from './migrations';
import * as notebooks from './notebooks';
import * as predictions from './predictions';
import * as prototypes from './prototypes';
import * as runs from './runs';
import * as saliency from './saliency';
import * as sweeps from './sweeps';
import * as sweepTrials from './sweeps-trials';
import * as sweepSummary from './sweeps-summary';
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

  #write<T>(work: (ctx: StoreContext) => Promise<T>): Promise<T> {
    return fencedWrite(this.#ctx, this.#fence, work);
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

  // Runs
  createRun(input: runs.CreateRunInput): Promise<runs.Run> {
    return this.#write((ctx) => runs.createRun(ctx, input));
  }
  getRun(runId: string): Promise<runs.Run> {
    return runs.getRun(this.#ctx, runId);
  }
  findRun(runId: string): Promise<runs.Run | undefined> {
    return runs.findRun(this.#ctx, runId);
  }
  listRuns(filter?: runs.RunFilter): Promise<runs.Run[]> {
    return runs.listRuns(this.#ctx, filter);
  }
  updateRunStatus(runId: string, status: runs.RunStatus, options?: { error?: string | null }): Promise<runs.Run> {
    return this.#write((ctx) => runs.updateRunStatus(ctx, runId, status, options));
  }
  updateRun(runId: string, update: runs.RunUpdate): Promise<runs.Run> {
    return this.#write((ctx) => runs.updateRun(ctx, runId, update));
  }
  heartbeat(runId: string): Promise<void> {
    return this.#write((ctx) => runs.heartbeat(ctx, runId));
  }
  addRunTags(runId: string, tags: readonly string[]): Promise<runs.Run> {
    return this.#write((ctx) => runs.addRunTags(ctx, runId, tags));
  }
  removeRunTags(runId: string, tags: readonly string[]): Promise<runs.Run> {
    return this.#write((ctx) => runs.removeRunTags(ctx, runId, tags));
  }
  runParams(runId: string): Promise<Record<string, JsonValue>> {
    return runs.runParams(this.#ctx, runId);
  }

  // Metrics
  logMetrics(runId: string, points: readonly metrics.MetricInput[]): Promise<number> {
    return this.#write((ctx) => metrics.logMetrics(ctx, runId, points));
  }
  metricHistory(runId: string, key: string, options?: { afterSeq?: number }): Promise<metrics.MetricPoint[]> {
    return metrics.metricHistory(this.#ctx, runId, key, options);
  }
  latestMetrics(runId: string): Promise<Record<string, metrics.MetricPoint>> {
    return metrics.latestMetrics(this.#ctx, runId);
  }
  metricKeys(runId: string): Promise<string[]> {
    return metrics.metricKeys(this.#ctx, runId);
  }
  /** Latest point per key of many runs; see metrics.latestMetricsOfRuns. */
  latestMetricsOfRuns(runIds: readonly string[], keys?: readonly string[]): Promise<Map<string, Map<string, metrics.MetricPoint>>> {
    return metrics.latestMetricsOfRuns(this.#ctx, runIds, keys);
  }
  /** Histories of many (run, key) pairs, keyed by {@link metrics.metricHistoryKey}; thinned in SQL with `maxPoints`. */
  metricHistories(pairs: ReadonlyArray<{ runId: string; key: string }>, options?: metrics.HistoryOptions): Promise<Map<string, metrics.MetricPoint[]>> {
    return metrics.metricHistories(this.#ctx, pairs, options);
  }
  /** Every point of the run logged after `afterSeq`, in insertion order. */
  metricPointsAfter(runId: string, afterSeq: number): Promise<metrics.MetricPoint[]> {
    return metrics.metricPointsAfter(this.#ctx, runId, afterSeq);
  }
  /** The seq of the run's last logged point (0 when none). */
  lastMetricSeq(runId: string): Promise<number> {
    return metrics.lastMetricSeq(this.#ctx, runId);
  }
  /** Sorted metric keys of many runs; see metrics.metricKeysOfRuns. */
  metricKeysOfRuns(runIds: readonly string[]): Promise<Map<string, string[]>> {
    return metrics.metricKeysOfRuns(this.#ctx, runIds);
  }

  // Artifacts
  putArtifact(bytes: Uint8Array, options: artifacts.PutArtifactOptions): Promise<string> {
    return artifacts.putArtifact(this.#ctx, bytes, options);
  }
  getArtifact(hash: string, options?: { verify?: boolean }): Promise<Buffer> {
    return artifacts.getArtifact(this.#ctx, hash, options);
  }
  artifactInfo(hash: string): Promise<artifacts.ArtifactInfo> {
    return artifacts.artifactInfo(this.#ctx, hash);
  }
  hasArtifact(hash: string): Promise<boolean> {
    return artifacts.hasArtifact(this.#ctx, hash);
  }
  /** The file of an artifact in a local artifact folder (an ArtifactStoreError for an object store). */
  artifactPath(hash: string): string {
    const artifacts = this.#ctx.artifacts;
    if (!(artifacts instanceof ArtifactFiles)) {
      throw new ArtifactStoreError(`artifacts of this store are in ${artifacts.location}, not in files: read them with getArtifact`);
    }
    return artifacts.pathOf(hash);
  }
  /** The bytes of a registered artifact as a stream that fails if they do not hash to `hash`. */
  artifactStream(hash: string): Promise<import('node:stream').Readable> {
    return artifacts.artifactStream(this.#ctx, hash);
  }
  /** A presigned URL a client can fetch the artifact from directly (object stores), else undefined. */
  artifactUrl(hash: string, options?: { expiresInSeconds?: number }): Promise<string | undefined> {
    return artifacts.artifactUrl(this.#ctx, hash, options);
  }
  /** Deletes `.tmp-` files left by writers that died mid-write; see ArtifactFiles.removeStaleTemporaries. */
  removeStaleArtifactTemporaries(olderThanMs?: number): Promise<number> {
    return this.#ctx.artifacts.removeStaleTemporaries(olderThanMs, this.#ctx.now());
  }

  // Checkpoints
  saveCheckpoint(runId: string, input: checkpoints.CheckpointInput): Promise<checkpoints.Checkpoint> {
    return this.#write((ctx) => checkpoints.saveCheckpoint(ctx, runId, input));
  }
  latestCheckpoint(runId: string): Promise<checkpoints.Checkpoint | null> {
    return checkpoints.latestCheckpoint(this.#ctx, runId);
  }
  bestCheckpoint(runId: string): Promise<checkpoints.Checkpoint | null> {
    return checkpoints.bestCheckpoint(this.#ctx, runId);
  }
  listCheckpoints(runId: string): Promise<checkpoints.Checkpoint[]> {
    return checkpoints.listCheckpoints(this.#ctx, runId);
  }

  // Prototypes
  savePrototypes(
    runId: string,
    step: number,
    items: readonly prototypes.PrototypeInput[],
    options?: { epoch?: number | null },
  ): Promise<number> {
    return this.#write((ctx) => prototypes.savePrototypes(ctx, runId, step, items, options));
  }
  prototypes(runId: string, options?: { step?: number }): Promise<prototypes.Prototype[]> {
    return prototypes.listPrototypes(this.#ctx, runId, options);
  }
  prototypePushes(runId: string): Promise<prototypes.PrototypePush[]> {
    return prototypes.prototypePushes(this.#ctx, runId);
  }

  // Predictions
  savePredictions(
    runId: string,
    set: predictions.PredictionSet,
    items: readonly predictions.PredictionInput[],
  ): Promise<number> {
    return this.#write((ctx) => predictions.savePredictions(ctx, runId, set, items));
  }
  predictions(
    runId: string,
    filter?: { split?: string; step?: number | null; imageId?: string },
  ): Promise<predictions.Prediction[]> {
    return predictions.listPredictions(this.#ctx, runId, filter);
  }

  // Saliency maps and evaluations
  saveSaliency(runId: string, maps: readonly saliency.SaliencyInput[]): Promise<number[]> {
    return this.#write((ctx) => saliency.saveSaliency(ctx, runId, maps));
  }
  saliency(runId: string, filter?: saliency.SaliencyFilter): Promise<saliency.SaliencyMap[]> {
    return saliency.listSaliency(this.#ctx, runId, filter);
  }
  getSaliencyMap(id: number): Promise<saliency.SaliencyMap> {
    return saliency.getSaliencyMap(this.#ctx, id);
  }
  findSaliencyMap(id: number): Promise<saliency.SaliencyMap | undefined> {
    return saliency.findSaliencyMap(this.#ctx, id);
  }
  saveEvaluation(runId: string, input: saliency.EvaluationInput): Promise<saliency.Evaluation> {
    return this.#write((ctx) => saliency.saveEvaluation(ctx, runId, input));
  }
  evaluations(runId: string, filter?: { name?: string; method?: string }): Promise<saliency.Evaluation[]> {
    return saliency.listEvaluations(this.#ctx, runId, filter);
  }

  // Jobs
  enqueueJob(input: jobs.EnqueueJobInput): Promise<jobs.Job> {
    return jobs.enqueueJob(this.#ctx, input);
  }
  getJob(jobId: number): Promise<jobs.Job> {
    return jobs.getJob(this.#ctx, jobId);
  }
  listJobs(filter?: jobs.JobFilter): Promise<jobs.Job[]> {
    return jobs.listJobs(this.#ctx, filter);
  }
  claimNextJob(worker: string, options?: jobs.ClaimOptions): Promise<jobs.Job | null> {
    return jobs.claimNextJob(this.#ctx, worker, options);
  }
  heartbeatJob(jobId: number, worker: string, beat?: jobs.JobHeartbeat): Promise<jobs.Job> {
    return jobs.heartbeatJob(this.#ctx, jobId, worker, beat);
  }
  setJobRun(jobId: number, runId: string): Promise<jobs.Job> {
    return this.#write((ctx) => jobs.setJobRun(ctx, jobId, runId));
  }
  completeJob(jobId: number, worker: string, result?: unknown, options?: jobs.CompleteJobOptions): Promise<jobs.Job> {
    return jobs.completeJob(this.#ctx, jobId, worker, result, options);
  }
  failJob(jobId: number, worker: string, error: string, options?: jobs.FailJobOptions): Promise<jobs.Job> {
    return jobs.failJob(this.#ctx, jobId, worker, error, options);
  }
  cancelJob(jobId: number): Promise<jobs.Job> {
    return jobs.cancelJob(this.#ctx, jobId);
  }
  releaseWorkerJobs(worker: string): Promise<number> {
    return jobs.releaseWorkerJobs(this.#ctx, worker);
  }
  /** Starts an attempt of a job an outside queue delivered (jobs-delivered.ts). */
  startJobAttempt(jobId: number, worker: string, token: string, leaseMs: number): Promise<deliveredJobs.StartedAttempt> {
    return deliveredJobs.startJobAttempt(this.#ctx, jobId, worker, token, leaseMs);
  }
  /** Hands a running attempt's job back to the queue; false when the attempt no longer held it. */
  releaseJobAttempt(jobId: number, token: string): Promise<boolean> {
    return deliveredJobs.releaseJobAttempt(this.#ctx, jobId, token);
  }
  /** Fails a queued job whose hand-over to its queue failed. */
  failUndeliveredJob(jobId: number, error: string): Promise<jobs.Job> {
    return deliveredJobs.failUndeliveredJob(this.#ctx, jobId, error);
  }
  /** Jobs changed at or after `since`, by updatedAt then id; see jobs.jobsUpdatedSince. */
  jobsUpdatedSince(since: Date | number, options?: jobs.JobsUpdatedSinceOptions): Promise<jobs.Job[]> {
    return jobs.jobsUpdatedSince(this.#ctx, since, options);
  }
  /** The newest updatedAt of any job (null when none). */
  lastJobUpdate(): Promise<Date | null> {
    return jobs.lastJobUpdate(this.#ctx);
  }

  // Sweeps (sweeps.ts, sweeps-trials.ts)
  createSweep(input: sweeps.CreateSweepInput): Promise<sweeps.Sweep> {
    return sweeps.createSweep(this.#ctx, input);
  }
  getSweep(sweepId: string): Promise<sweeps.Sweep> {
    return sweeps.getSweep(this.#ctx, sweepId);
  }
  findSweep(sweepId: string): Promise<sweeps.Sweep | undefined> {
    return sweeps.findSweep(this.#ctx, sweepId);
  }
  listSweeps(filter?: { status?: sweeps.SweepStatus; limit?: number }): Promise<sweeps.Sweep[]> {
    return sweeps.listSweeps(this.#ctx, filter);
  }
  endSweep(sweepId: string, status: Exclude<sweeps.SweepStatus, 'running'>, error?: string): Promise<boolean> {
    return sweeps.endSweep(this.#ctx, sweepId, status, error);
  }
  claimSweepAdvance(sweepId: string, owner: string, leaseMs: number): Promise<boolean> {
    return sweeps.claimSweepAdvance(this.#ctx, sweepId, owner, leaseMs);
  }
  releaseSweepAdvance(sweepId: string, owner: string, leaseMs: number): Promise<'released' | 'again' | 'lost'> {
    return sweeps.releaseSweepAdvance(this.#ctx, sweepId, owner, leaseMs);
  }
  addSweepTrial(sweepId: string, input: sweepTrials.AddSweepTrialInput): Promise<string | undefined> {
    return sweepTrials.addSweepTrial(this.#ctx, sweepId, input);
  }
  promoteSweepTrial(sweepId: string, trial: number, fromRung: number, toRung: number, epochs: number): Promise<boolean> {
    return sweepTrials.promoteSweepTrial(this.#ctx, sweepId, trial, fromRung, toRung, epochs);
  }
  sweepTrials(sweepId: string): Promise<sweepTrials.SweepTrial[]> {
    return sweepTrials.sweepTrials(this.#ctx, sweepId);
  }
  /** Ends the sweep as cancelled and cancels its unfinished trial jobs; false when it had already ended. */
  cancelSweep(sweepId: string): Promise<boolean> {
    return sweepTrials.cancelSweep(this.#ctx, sweepId);
  }
  /** Where the sweep stands: trial states, rung values, progress, best trial (sweeps-summary.ts). */
  sweepSummary(sweepId: string): Promise<sweepSummary.SweepSummary> {
    return sweepSummary.sweepSummary(this.#ctx, sweepId);
  }
  runSweepTrial(runId: string): Promise<{ sweepId: string; trial: number; rung: number } | undefined> {
    return sweepTrials.runSweepTrial(this.#ctx, runId);
  }

  // Datasets
  registerDataset(input: datasets.RegisterDatasetInput): Promise<datasets.Dataset> {
    return this.#write((ctx) => datasets.registerDataset(ctx, input));
  }
  listDatasets(): Promise<datasets.Dataset[]> {
    return datasets.listDatasets(this.#ctx);
  }
  getDataset(datasetId: string): Promise<datasets.Dataset> {
    return datasets.getDataset(this.#ctx, datasetId);
  }
  findDataset(datasetId: string): Promise<datasets.Dataset | undefined> {
    return datasets.findDataset(this.#ctx, datasetId);
  }
  /**
   * The local folder of a registered dataset, ready to read: for an object-store location its objects
   * are first copied under the data root (once per process; files already there are kept).
   */
  async datasetFolder(datasetId: string): Promise<string> {
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

  // Notebooks and cells
  createNotebook(input: { title: string; id?: string }): Promise<notebooks.Notebook> {
    return notebooks.createNotebook(this.#ctx, input);
  }
  listNotebooks(): Promise<notebooks.Notebook[]> {
    return notebooks.listNotebooks(this.#ctx);
  }
  getNotebook(notebookId: string): Promise<notebooks.Notebook> {
    return notebooks.getNotebook(this.#ctx, notebookId);
  }
  findNotebook(notebookId: string): Promise<notebooks.Notebook | undefined> {
    return notebooks.findNotebook(this.#ctx, notebookId);
  }
  updateNotebook(notebookId: string, update: { title?: string }): Promise<notebooks.Notebook> {
    return notebooks.updateNotebook(this.#ctx, notebookId, update);
  }
  deleteNotebook(notebookId: string): Promise<void> {
    return notebooks.deleteNotebook(this.#ctx, notebookId);
  }
  addCell(notebookId: string, input: notebooks.AddCellInput): Promise<notebooks.Cell> {
    return notebooks.addCell(this.#ctx, notebookId, input);
  }
  getCell(cellId: string): Promise<notebooks.Cell> {
    return notebooks.getCell(this.#ctx, cellId);
  }
  updateCell(cellId: string, update: notebooks.CellUpdate): Promise<notebooks.Cell> {
    return notebooks.updateCell(this.#ctx, cellId, update);
  }
  moveCell(cellId: string, newIndex: number): Promise<notebooks.Cell> {
    return notebooks.moveCell(this.#ctx, cellId, newIndex);
  }
  deleteCell(cellId: string): Promise<void> {
    return notebooks.deleteCell(this.#ctx, cellId);
  }
  /** The notebook's cells in order. */
  cells(notebookId: string): Promise<notebooks.Cell[]> {
    return notebooks.listCells(this.#ctx, notebookId);
  }

  // Live notebook documents (Yjs state written through to the cells rows), comments, history
  /** The stored Yjs state of the notebook's document, or undefined when it has none yet. */
  loadNotebookDocument(notebookId: string): Promise<Uint8Array | undefined> {
    return notebookDocuments.loadNotebookDocument(this.#ctx, notebookId);
  }
  /** Stores a notebook's first document state unless one exists; true when this one was stored. */
  createNotebookDocument(notebookId: string, state: Uint8Array): Promise<boolean> {
    return notebookDocuments.createNotebookDocument(this.#ctx, notebookId, state);
  }
  /** Stores the document's state and makes the cells rows equal to its cells (versions bumped on change). */
  saveNotebookDocument(notebookId: string, input: notebookDocuments.SaveNotebookDocumentInput): Promise<notebooks.Cell[]> {
    return notebookDocuments.saveNotebookDocument(this.#ctx, notebookId, input);
  }
  addCommentThread(cellId: string, author: comments.CommentAuthor, body: string): Promise<comments.CommentThread> {
    return comments.addCommentThread(this.#ctx, cellId, author, body);
  }
  replyToCommentThread(threadId: string, author: comments.CommentAuthor, body: string): Promise<comments.CommentThread> {
    return comments.replyToCommentThread(this.#ctx, threadId, author, body);
  }
  resolveCommentThread(threadId: string, by: comments.CommentAuthor): Promise<comments.CommentThread> {
    return comments.resolveCommentThread(this.#ctx, threadId, by);
  }
  reopenCommentThread(threadId: string): Promise<comments.CommentThread> {
    return comments.reopenCommentThread(this.#ctx, threadId);
  }
  getCommentThread(threadId: string): Promise<comments.CommentThread> {
    return comments.getCommentThread(this.#ctx, threadId);
  }
  commentThreadsOfCells(cellIds: readonly string[]): Promise<Map<string, comments.CommentThread[]>> {
    return comments.commentThreadsOfCells(this.#ctx, cellIds);
  }
  commentThreadsOfNotebook(notebookId: string, filter?: comments.NotebookThreadsFilter): Promise<comments.CommentThread[]> {
    return comments.commentThreadsOfNotebook(this.#ctx, notebookId, filter);
  }
  saveNotebookVersion(notebookId: string, input: notebookVersions.SaveNotebookVersionInput): Promise<notebookVersions.NotebookVersion> {
    return notebookVersions.saveNotebookVersion(this.#ctx, notebookId, input);
  }
  /** Newest first, without their cells. */
  listNotebookVersions(notebookId: string): Promise<notebookVersions.NotebookVersionSummary[]> {
    return notebookVersions.listNotebookVersions(this.#ctx, notebookId);
  }
  getNotebookVersion(versionId: string): Promise<notebookVersions.NotebookVersion> {
    return notebookVersions.getNotebookVersion(this.#ctx, versionId);
  }
  latestNotebookVersion(notebookId: string): Promise<notebookVersions.NotebookVersion | undefined> {
    return notebookVersions.latestNotebookVersion(this.#ctx, notebookId);
  }

  // Accounts: users, sessions, API tokens, one-time login links, notebook shares
  createUser(input: users.CreateUserInput): Promise<users.User> {
    return users.createUser(this.#ctx, input);
  }
  listUsers(): Promise<users.User[]> {
    return users.listUsers(this.#ctx);
  }
  /** The user with this id or name (UnknownUserError when none). */
  getUser(idOrName: string): Promise<users.User> {
    return users.getUser(this.#ctx, idOrName);
  }
  findUser(idOrName: string): Promise<users.User | undefined> {
    return users.findUser(this.#ctx, idOrName);
  }
  /** The oldest owner account, if the workspace has one. */
  firstOwner(): Promise<users.User | undefined> {
    return users.firstOwner(this.#ctx);
  }
  /** Removes the account and its credentials; the last owner is refused (LastOwnerError). */
  removeUser(idOrName: string): Promise<void> {
    return users.removeUser(this.#ctx, idOrName);
  }
  setUserRole(idOrName: string, role: users.Role): Promise<users.User> {
    return users.setUserRole(this.#ctx, idOrName, role);
  }
  setUserPassword(idOrName: string, password: string): Promise<users.User> {
    return users.setUserPassword(this.#ctx, idOrName, password);
  }
  /** The user when the name and password match, else undefined. */
  checkPassword(name: string, password: string): Promise<users.User | undefined> {
    return users.checkPassword(this.#ctx, name, password);
  }
  createSession(userId: string, options?: { ttlMs?: number }): Promise<{ secret: string; session: sessions.Session }> {
    return sessions.createSession(this.#ctx, userId, options);
  }
  findSession(secret: string): Promise<{ session: sessions.Session; user: users.User } | undefined> {
    return sessions.findSession(this.#ctx, secret);
  }
  sessionIsLive(sessionId: string): Promise<boolean> {
    return sessions.sessionIsLive(this.#ctx, sessionId);
  }
  endSession(sessionId: string): Promise<void> {
    return sessions.endSession(this.#ctx, sessionId);
  }
  createApiToken(userId: string, input: { name: string; scope: apiTokens.TokenScope }): Promise<{ secret: string; token: apiTokens.ApiToken }> {
    return apiTokens.createApiToken(this.#ctx, userId, input);
  }
  listApiTokens(filter?: { userId?: string }): Promise<apiTokens.ApiToken[]> {
    return apiTokens.listApiTokens(this.#ctx, filter);
  }
  findApiToken(secret: string): Promise<{ token: apiTokens.ApiToken; user: users.User } | undefined> {
    return apiTokens.findApiToken(this.#ctx, secret);
  }
  apiTokenIsLive(tokenId: string): Promise<boolean> {
    return apiTokens.apiTokenIsLive(this.#ctx, tokenId);
  }
  revokeApiToken(tokenId: string): Promise<apiTokens.ApiToken> {
    return apiTokens.revokeApiToken(this.#ctx, tokenId);
  }
  createLoginLink(userId: string, options?: { ttlMs?: number }): Promise<{ secret: string; expiresAt: Date }> {
    return loginLinks.createLoginLink(this.#ctx, userId, options);
  }
  consumeLoginLink(secret: string): Promise<users.User | undefined> {
    return loginLinks.consumeLoginLink(this.#ctx, secret);
  }
  shareNotebook(notebookId: string, userId: string, access: shares.ShareAccess): Promise<shares.NotebookShare> {
    return shares.shareNotebook(this.#ctx, notebookId, userId, access);
  }
  unshareNotebook(notebookId: string, userId: string): Promise<void> {
    return shares.unshareNotebook(this.#ctx, notebookId, userId);
  }
  notebookShare(notebookId: string, userId: string): Promise<shares.ShareAccess | undefined> {
    return shares.notebookShare(this.#ctx, notebookId, userId);
  }
  sharesOfUser(userId: string): Promise<Map<string, shares.ShareAccess>> {
    return shares.sharesOfUser(this.#ctx, userId);
  }
  notebookShares(notebookId: string): Promise<shares.NotebookShare[]> {
    return shares.notebookShares(this.#ctx, notebookId);
  }
}
