/**
 * Typed errors of the tracking store. Every message names the thing that is wrong (the run id, the
 * artifact hash, the store URL without its password) and, where it can, what to do about it.
 */

/** The accepted store URL forms, quoted by every URL-related message. */
export const ACCEPTED_STORE_URL_FORMS =
  'sqlite:PATH (e.g. sqlite:./.protoscope/store.db), sqlite::memory:, ' +
  'or postgres://USER:PASSWORD@HOST:PORT/DATABASE[?schema=NAME]';

/** Base class: anything the store refuses or cannot do. */
export class TrackingError extends Error {
  override name = 'TrackingError';
}

/** A store URL that is not one of the accepted forms. */
export class BadStoreUrlError extends TrackingError {
  override name = 'BadStoreUrlError';
  /** The URL as given, with any password replaced by `***`. */
  readonly url: string;
  readonly problem: string;
  constructor(url: string, problem: string) {
    super(`store URL "${url}" is not understood: ${problem}. Accepted forms: ${ACCEPTED_STORE_URL_FORMS}`);
    this.url = url;
    this.problem = problem;
  }
}

/** Why a store could not be opened. */
export type StoreUnavailableReason =
  | 'not-answering'
  | 'authentication-failed'
  | 'database-missing'
  | 'cannot-open-file'
  | 'other';

/** The database behind a URL cannot be reached or opened (server down, wrong password, bad path). */
export class StoreUnavailableError extends TrackingError {
  override name = 'StoreUnavailableError';
  /** The URL with any password replaced by `***`. */
  readonly url: string;
  readonly reason: StoreUnavailableReason;
  constructor(url: string, reason: StoreUnavailableReason, detail: string, options?: { cause?: unknown }) {
    super(`store ${url}: ${detail}`, options);
    this.url = url;
    this.reason = reason;
  }
}

/** A migration failed; the store is left at the last migration that succeeded. */
export class MigrationError extends TrackingError {
  override name = 'MigrationError';
  readonly migration: string | undefined;
  constructor(url: string, migration: string | undefined, detail: string, options?: { cause?: unknown }) {
    super(
      `store ${url}: migration ${migration ? `"${migration}" ` : ''}failed: ${detail}. ` +
        'The store stays at its last successful migration; fix the cause and open it again.',
      options,
    );
    this.migration = migration;
  }
}

/** An argument that the store cannot accept (negative step, non-JSON config, malformed hash, ...). */
export class InvalidInputError extends TrackingError {
  override name = 'InvalidInputError';
}

/** No run with this id in the store. */
export class UnknownRunError extends TrackingError {
  override name = 'UnknownRunError';
  readonly runId: string;
  constructor(runId: string, storeUrl: string) {
    super(`no run with id "${runId}" in store ${storeUrl}; list the runs to find the right id (or check the --store URL)`);
    this.runId = runId;
  }
}

/** No artifact with this hash (neither registered in the database nor present as a file). */
export class UnknownArtifactError extends TrackingError {
  override name = 'UnknownArtifactError';
  readonly hash: string;
  constructor(hash: string, where: string) {
    super(`no artifact ${hash} in ${where}; it must be stored with putArtifact before it is referenced or read`);
    this.hash = hash;
  }
}

/** An artifact file whose bytes no longer hash to its name (disk corruption or a hand edit). */
export class ArtifactIntegrityError extends TrackingError {
  override name = 'ArtifactIntegrityError';
  readonly hash: string;
  constructor(hash: string, path: string, actual: string) {
    super(
      `artifact file ${path} is corrupt: its content hashes to ${actual}, not ${hash}. ` +
        'Delete the file and store the artifact again from its source.',
    );
    this.hash = hash;
  }
}

/** An artifact location (`--artifacts`) that is not understood, or an object store that refuses us. */
export class ArtifactStoreError extends TrackingError {
  override name = 'ArtifactStoreError';
}

/** No saliency map with this id. */
export class UnknownSaliencyMapError extends TrackingError {
  override name = 'UnknownSaliencyMapError';
  readonly saliencyMapId: number;
  constructor(saliencyMapId: number, storeUrl: string) {
    super(`no saliency map with id ${saliencyMapId} in store ${storeUrl}; list the run's saliency maps to find the right id`);
    this.saliencyMapId = saliencyMapId;
  }
}

/** No job with this id. */
export class UnknownJobError extends TrackingError {
  override name = 'UnknownJobError';
  readonly jobId: number;
  constructor(jobId: number, storeUrl: string) {
    super(`no job with id ${jobId} in store ${storeUrl}`);
    this.jobId = jobId;
  }
}

/**
 * A worker acted on a job it no longer holds: its lease expired and another worker took the job, or
 * the job was cancelled or finished meanwhile. The worker should stop working on it.
 */
export class JobLeaseLostError extends TrackingError {
  override name = 'JobLeaseLostError';
  readonly jobId: number;
  readonly worker: string;
  /** The job's status now (`cancelled` when a user cancelled it). */
  readonly jobStatus: string;
  constructor(jobId: number, worker: string, jobStatus: string, detail: string) {
    super(`worker "${worker}" no longer holds job ${jobId}: ${detail}; stop working on it`);
    this.jobId = jobId;
    this.worker = worker;
    this.jobStatus = jobStatus;
  }
}

/** No dataset registered under this id. */
export class UnknownDatasetError extends TrackingError {
  override name = 'UnknownDatasetError';
  readonly datasetId: string;
  constructor(datasetId: string, storeUrl: string) {
    super(
      `no dataset with id "${datasetId}" in store ${storeUrl}; list the datasets to find the right id, ` +
        'or register the folder (generating or importing a dataset registers it)',
    );
    this.datasetId = datasetId;
  }
}

/** No notebook with this id. */
export class UnknownNotebookError extends TrackingError {
  override name = 'UnknownNotebookError';
  readonly notebookId: string;
  constructor(notebookId: string, storeUrl: string) {
    super(`no notebook with id "${notebookId}" in store ${storeUrl}; list the notebooks to find the right id`);
    this.notebookId = notebookId;
  }
}

/** No cell with this id. */
export class UnknownCellError extends TrackingError {
  override name = 'UnknownCellError';
  readonly cellId: string;
  constructor(cellId: string, storeUrl: string) {
    super(`no cell with id "${cellId}" in store ${storeUrl}; it may have been deleted — reload the notebook`);
    this.cellId = cellId;
  }
}

/** A row-level cell edit on a notebook that has a live document (edits go through the document). */
export class NotebookIsLiveError extends InvalidInputError {
  override name = 'NotebookIsLiveError';
  readonly notebookId: string;
  constructor(notebookId: string) {
    super(
      `notebook "${notebookId}" is edited live: change its cells through the GraphQL mutations ` +
        '(addCell, updateCell, moveCell, deleteCell), which apply the change to its shared document',
    );
    this.notebookId = notebookId;
  }
}

/** No comment thread with this id. */
export class UnknownCommentThreadError extends TrackingError {
  override name = 'UnknownCommentThreadError';
  readonly threadId: string;
  constructor(threadId: string, storeUrl: string) {
    super(`no comment thread with id "${threadId}" in store ${storeUrl}; list the cell's comments to find the right id`);
    this.threadId = threadId;
  }
}

/** No notebook version (history snapshot) with this id. */
export class UnknownNotebookVersionError extends TrackingError {
  override name = 'UnknownNotebookVersionError';
  readonly versionId: string;
  constructor(versionId: string, storeUrl: string) {
    super(`no notebook version with id "${versionId}" in store ${storeUrl}; list the notebook's versions to find the right id`);
    this.versionId = versionId;
  }
}

/** No user account with this name or id. */
export class UnknownUserError extends TrackingError {
  override name = 'UnknownUserError';
  readonly user: string;
  constructor(user: string) {
    super(`no user "${user}"; list the accounts with \`protoscope user list\``);
    this.user = user;
  }
}

/** No API token with this id (or it was revoked already). */
export class UnknownApiTokenError extends TrackingError {
  override name = 'UnknownApiTokenError';
  readonly tokenId: string;
  constructor(tokenId: string) {
    super(`no active API token with id "${tokenId}"; \`protoscope token list\` shows the active ones`);
    this.tokenId = tokenId;
  }
}

/** Removing or demoting the workspace's last owner would leave nobody able to manage it. */
export class LastOwnerError extends InvalidInputError {
  override name = 'LastOwnerError';
  constructor(user: string, action: string) {
    super(`cannot ${action} "${user}": it is the last owner of the workspace; make another user owner first`);
  }
}
