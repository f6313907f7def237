/**
 * Who may call each entry point of the graph: one rule per field of Query, Mutation and
 * Subscription. Fields below them (a notebook's cells, a run's metrics) are reached only through
 * these, so the rule of the entry point covers them. A field missing here is refused for everyone
 * (authorize-schema.ts), and a test lists the schema's fields to catch it before a user does.
 */
import type { WorkspacePermission } from './permissions';

/**
 * What a notebook rule needs: `read`, `write`, or `comment` (read access through a credential that
 * may write: viewers comment, read tokens do not).
 */
export type NotebookNeed = 'read' | 'write' | 'comment';

/** How a notebook rule finds its notebook: the argument(s) holding a notebook, cell, thread or version id. */
export interface NotebookLocator {
  via: 'notebook' | 'cell' | 'thread' | 'version';
  /** Every one given must be in a notebook the caller may use. */
  args: readonly string[];
}

export type FieldRule =
  /** Any signed-in caller, worker tokens included. */
  | { kind: 'signed-in' }
  /** A workspace permission (see permissions.ts). */
  | { kind: 'workspace'; permission: WorkspacePermission }
  /** Access to the notebook that the arguments name (directly or through a cell, thread or version). */
  | { kind: 'notebook'; need: NotebookNeed; locate: NotebookLocator }
  /** Workspace read; the resulting list keeps only notebooks the caller may read. */
  | { kind: 'notebook-list' };

const read: FieldRule = { kind: 'workspace', permission: 'read' };
const write: FieldRule = { kind: 'workspace', permission: 'write' };
const manage: FieldRule = { kind: 'workspace', permission: 'manage' };
const on =
  (via: NotebookLocator['via']) =>
  (need: NotebookNeed, ...args: string[]): FieldRule => ({ kind: 'notebook', need, locate: { via, args } });
const notebook = on('notebook');
const cell = on('cell');
const thread = on('thread');
const version = on('version');

export const FIELD_RULES: Record<'Query' | 'Mutation' | 'Subscription', Record<string, FieldRule>> = {
  Query: {
    runs: read,
    run: read,
    compareRuns: read,
    datasets: read,
    dataset: read,
    datasetGenerators: read,
    datasetFormats: read,
    methods: read,
    prototypes: read,
    saliencyMaps: read,
    evaluations: read,
    notebooks: { kind: 'notebook-list' },
    notebook: notebook('read', 'id'),
    jobs: read,
    job: read,
    me: { kind: 'signed-in' },
    sweep: read,
    sweeps: read,
    notebookVersion: version('read', 'id'),
    notebookDiff: version('read', 'from', 'to'),
  },
  Mutation: {
    generateDataset: write,
    importDataset: write,
    startRun: write,
    createSweep: write,
    cancelSweep: write,
    cancelRun: write,
    cancelJob: write,
    requestExplanations: write,
    requestEvaluation: write,
    createNotebook: write,
    updateNotebook: notebook('write', 'id'),
    deleteNotebook: notebook('write', 'id'),
    addCell: notebook('write', 'notebookId'),
    updateCell: cell('write', 'id'),
    moveCell: cell('write', 'id'),
    deleteCell: cell('write', 'id'),
    shareNotebook: manage,
    unshareNotebook: manage,
    addComment: cell('comment', 'cellId'),
    replyToComment: thread('comment', 'threadId'),
    resolveComment: thread('comment', 'threadId'),
    reopenComment: thread('comment', 'threadId'),
    snapshotNotebook: notebook('write', 'id'),
    restoreNotebookVersion: version('write', 'id'),
  },
  Subscription: {
    runProgress: read,
    jobUpdated: read,
    jobs: read,
    commentThreadChanged: notebook('read', 'notebookId'),
  },
};
