/**
 * The store's API grouped by area (`store.runs.create(…)`, `store.jobs.claimNext(…)`): each area binds
 * one module's functions to the store's connection, so a module's function and its store method are
 * the same thing with the context filled in. Writes of a job's results go through `write`, which
 * fences them by the store's attempt (jobs-fence.ts); everything else reads or writes directly.
 */
import type { Readable } from 'node:stream';
import * as apiTokens from './accounts/api-tokens';
import * as loginLinks from './accounts/login-links';
import * as shares from './accounts/notebook-shares';
import * as sessions from './accounts/sessions';
import * as users from './accounts/users';
import { ArtifactFiles } from './artifact-files';
import * as artifacts from './artifacts';
import * as checkpoints from './checkpoints';
import * as comments from './collab/comments';
import * as notebookDocuments from './collab/notebook-documents';
import * as notebookVersions from './collab/notebook-versions';
import type { StoreContext } from './context';
import * as datasets from './datasets';
import { ArtifactStoreError } from './errors';
import * as jobs from './jobs';
import * as deliveredJobs from './jobs-delivered';
import * as metrics from './metrics';
import * as notebooks from './notebooks';
import * as predictions from './predictions';
import * as prototypes from './prototypes';
import * as runQuery from './run-query-sql';
import * as runs from './runs';
import * as saliency from './saliency';
import * as sweeps from './sweeps';
import * as sweepSummary from './sweeps-summary';
import * as sweepTrials from './sweeps-trials';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any function whose first parameter is the context
type ContextFunction = (ctx: StoreContext, ...args: any[]) => unknown;
type WithoutContext<F> = F extends (ctx: StoreContext, ...args: infer A) => infer R ? (...args: A) => R : never;
/** An area: the functions of `M` with the context filled in. */
export type Area<M extends Record<string, ContextFunction>> = { readonly [K in keyof M]: WithoutContext<M[K]> };
/** Runs a write of a job's results (fenced when the store has an attempt). */
export type FencedWriter = <T>(work: (ctx: StoreContext) => Promise<T>) => Promise<T>;

function bind<M extends Record<string, ContextFunction>>(run: (fn: ContextFunction, args: unknown[]) => unknown, functions: M): Area<M> {
  const area: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(functions)) area[name] = (...args: unknown[]) => run(fn, args);
  return area as Area<M>;
}

/** An area of plain reads and writes (`reads`) and of fenced result writes (`writes`). */
function area<R extends Record<string, ContextFunction>, W extends Record<string, ContextFunction> = Record<never, ContextFunction>>(
  ctx: StoreContext,
  write: FencedWriter,
  reads: R,
  writes?: W,
): Area<R> & Area<W> {
  return Object.freeze({
    ...bind((fn, args) => fn(ctx, ...args), reads),
    ...bind((fn, args) => write((fenced) => fn(fenced, ...args) as Promise<unknown>), writes ?? ({} as W)),
  }) as Area<R> & Area<W>;
}

/** The file of an artifact in a local artifact folder (an ArtifactStoreError for an object store). */
function artifactPath(ctx: StoreContext, hash: string): string {
  const store = ctx.artifacts;
  if (!(store instanceof ArtifactFiles)) {
    throw new ArtifactStoreError(`artifacts of this store are in ${store.location}, not in files: read them with artifacts.get`);
  }
  return store.pathOf(hash);
}

/** Deletes `.tmp-` files left by writers that died mid-write; see ArtifactFiles.removeStaleTemporaries. */
function removeStaleTemporaries(ctx: StoreContext, olderThanMs?: number): Promise<number> {
  return ctx.artifacts.removeStaleTemporaries(olderThanMs, ctx.now());
}

/** The areas of a store on `ctx`; `datasetFolder` is the store's own (it caches fetched datasets). */
export function storeAreas(ctx: StoreContext, write: FencedWriter, datasetFolder: (datasetId: string) => Promise<string>) {
  return {
    runs: area(ctx, write, {
      get: runs.getRun,
      find: runs.findRun,
      list: runs.listRuns,
      params: runs.runParams,
      /** One page of runs filtered, ordered and paged in SQL (the graph's `runs` query). */
      query: runQuery.queryRuns,
    }, {
      create: runs.createRun,
      updateStatus: runs.updateRunStatus,
      update: runs.updateRun,
      heartbeat: runs.heartbeat,
      addTags: runs.addRunTags,
      removeTags: runs.removeRunTags,
    }),
    metrics: area(ctx, write, {
      history: metrics.metricHistory,
      latest: metrics.latestMetrics,
      keys: metrics.metricKeys,
      /** Latest point per key of many runs. */
      latestOfRuns: metrics.latestMetricsOfRuns,
      /** Histories of many (run, key) pairs, keyed by metricHistoryKey. */
      histories: metrics.metricHistories,
      /** Every point of the run logged after `afterSeq`, in insertion order. */
      pointsAfter: metrics.metricPointsAfter,
      /** The seq of the run's last logged point (0 when none). */
      lastSeq: metrics.lastMetricSeq,
      keysOfRuns: metrics.metricKeysOfRuns,
    }, { log: metrics.logMetrics }),
    artifacts: area(ctx, write, {
      put: artifacts.putArtifact,
      get: artifacts.getArtifact,
      info: artifacts.artifactInfo,
      has: artifacts.hasArtifact,
      path: artifactPath,
      /** The bytes as a stream that fails if they do not hash to `hash`. */
      stream: artifacts.artifactStream as (ctx: StoreContext, hash: string) => Promise<Readable>,
      /** A presigned URL a client can fetch the artifact from directly (object stores), else undefined. */
      url: artifacts.artifactUrl,
      removeStaleTemporaries,
    }),
    checkpoints: area(ctx, write, { latest: checkpoints.latestCheckpoint, best: checkpoints.bestCheckpoint, list: checkpoints.listCheckpoints }, {
      save: checkpoints.saveCheckpoint,
    }),
    prototypes: area(ctx, write, { list: prototypes.listPrototypes, pushes: prototypes.prototypePushes }, { save: prototypes.savePrototypes }),
    predictions: area(ctx, write, { list: predictions.listPredictions }, { save: predictions.savePredictions }),
    saliency: area(ctx, write, { list: saliency.listSaliency, get: saliency.getSaliencyMap, find: saliency.findSaliencyMap }, {
      save: saliency.saveSaliency,
    }),
    evaluations: area(ctx, write, { list: saliency.listEvaluations }, { save: saliency.saveEvaluation }),
    jobs: area(ctx, write, {
      enqueue: jobs.enqueueJob,
      get: jobs.getJob,
      list: jobs.listJobs,
      claimNext: jobs.claimNextJob,
      heartbeat: jobs.heartbeatJob,
      complete: jobs.completeJob,
      fail: jobs.failJob,
      cancel: jobs.cancelJob,
      releaseWorker: jobs.releaseWorkerJobs,
      /** Starts an attempt of a job an outside queue delivered (jobs-delivered.ts). */
      startAttempt: deliveredJobs.startJobAttempt,
      /** Hands a running attempt's job back to the queue; false when the attempt no longer held it. */
      releaseAttempt: deliveredJobs.releaseJobAttempt,
      /** Fails a queued job whose hand-over to its queue failed. */
      failUndelivered: deliveredJobs.failUndeliveredJob,
      /** Jobs changed at or after `since`, by updatedAt then id. */
      updatedSince: jobs.jobsUpdatedSince,
      /** The newest updatedAt of any job (null when none). */
      lastUpdate: jobs.lastJobUpdate,
    }, { setRun: jobs.setJobRun }),
    sweeps: area(ctx, write, {
      create: sweeps.createSweep,
      get: sweeps.getSweep,
      find: sweeps.findSweep,
      list: sweeps.listSweeps,
      end: sweeps.endSweep,
      claimAdvance: sweeps.claimSweepAdvance,
      releaseAdvance: sweeps.releaseSweepAdvance,
      addTrial: sweepTrials.addSweepTrial,
      promoteTrial: sweepTrials.promoteSweepTrial,
      trials: sweepTrials.sweepTrials,
      /** Ends the sweep as cancelled and cancels its unfinished trial jobs; false when it had already ended. */
      cancel: sweepTrials.cancelSweep,
      /** Where the sweep stands: trial states, rung values, progress, best trial. */
      summary: sweepSummary.sweepSummary,
      /** The sweep, trial and rung a run belongs to, if it is a trial. */
      trialOfRun: sweepTrials.runSweepTrial,
    }),
    datasets: Object.freeze({
      ...area(ctx, write, { list: datasets.listDatasets, get: datasets.getDataset, find: datasets.findDataset }, { register: datasets.registerDataset }),
      /**
       * The local folder of a registered dataset, ready to read: for an object-store location its
       * objects are first copied under the data root (once per process; files already there are kept).
       */
      folder: datasetFolder,
    }),
    notebooks: area(ctx, write, {
      create: notebooks.createNotebook,
      list: notebooks.listNotebooks,
      get: notebooks.getNotebook,
      find: notebooks.findNotebook,
      update: notebooks.updateNotebook,
      delete: notebooks.deleteNotebook,
    }),
    cells: area(ctx, write, {
      add: notebooks.addCell,
      get: notebooks.getCell,
      update: notebooks.updateCell,
      move: notebooks.moveCell,
      delete: notebooks.deleteCell,
      /** The notebook's cells in order. */
      list: notebooks.listCells,
    }),
    /** Live notebook documents: the Yjs state, written through to the cells rows. */
    documents: area(ctx, write, {
      /** The stored Yjs state of the notebook's document, or undefined when it has none yet. */
      load: notebookDocuments.loadNotebookDocument,
      /** Stores a notebook's first document state unless one exists; true when this one was stored. */
      create: notebookDocuments.createNotebookDocument,
      /** Stores the document's state and makes the cells rows equal to its cells (versions bumped on change). */
      save: notebookDocuments.saveNotebookDocument,
    }),
    comments: area(ctx, write, {
      addThread: comments.addCommentThread,
      reply: comments.replyToCommentThread,
      resolve: comments.resolveCommentThread,
      reopen: comments.reopenCommentThread,
      getThread: comments.getCommentThread,
      threadsOfCells: comments.commentThreadsOfCells,
      threadsOfNotebook: comments.commentThreadsOfNotebook,
    }),
    /** Named versions of notebooks (newest first in `list`, without their cells). */
    versions: area(ctx, write, {
      save: notebookVersions.saveNotebookVersion,
      list: notebookVersions.listNotebookVersions,
      get: notebookVersions.getNotebookVersion,
      latest: notebookVersions.latestNotebookVersion,
    }),
    users: area(ctx, write, {
      create: users.createUser,
      list: users.listUsers,
      /** The user with this id or name (UnknownUserError when none). */
      get: users.getUser,
      find: users.findUser,
      /** The oldest owner account, if the workspace has one. */
      firstOwner: users.firstOwner,
      /** Removes the account and its credentials; the last owner is refused (LastOwnerError). */
      remove: users.removeUser,
      setRole: users.setUserRole,
      setPassword: users.setUserPassword,
      /** The user when the name and password match, else undefined. */
      checkPassword: users.checkPassword,
    }),
    sessions: area(ctx, write, { create: sessions.createSession, find: sessions.findSession, isLive: sessions.sessionIsLive, end: sessions.endSession }),
    apiTokens: area(ctx, write, {
      create: apiTokens.createApiToken,
      list: apiTokens.listApiTokens,
      find: apiTokens.findApiToken,
      isLive: apiTokens.apiTokenIsLive,
      revoke: apiTokens.revokeApiToken,
    }),
    loginLinks: area(ctx, write, { create: loginLinks.createLoginLink, consume: loginLinks.consumeLoginLink }),
    /** Who a notebook is shared with: `grant`/`revoke` a user's access, `access` of one user. */
    shares: area(ctx, write, {
      grant: shares.shareNotebook,
      revoke: shares.unshareNotebook,
      access: shares.notebookShare,
      ofUser: shares.sharesOfUser,
      ofNotebook: shares.notebookShares,
    }),
  };
}

export type StoreAreas = ReturnType<typeof storeAreas>;
