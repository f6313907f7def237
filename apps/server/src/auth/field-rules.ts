/**
 * Who may call each entry point of the graph: one rule per field of Query, Mutation and
 * Subscription. Fields below them (a notebook's cells, a run's metrics) are reached only through
 * these, so the rule of the entry point covers them. A field missing here is refused for everyone
 * (authorize-schema.ts), and a test lists the schema's fields to catch it before a user does.
 */
import type { WorkspacePermission } from './permissions';

export type FieldRule =
  /** Any signed-in caller, worker tokens included. */
  | { kind: 'signed-in' }
  /** A workspace permission (see permissions.ts). */
  | { kind: 'workspace'; permission: WorkspacePermission }
  /** Access to the notebook named by an argument (`notebookArg`), or to the notebook of a cell (`cellArg`). */
  | { kind: 'notebook'; access: 'read' | 'write'; notebookArg?: string; cellArg?: string }
  /** Workspace read; the resulting list keeps only notebooks the caller may read. */
  | { kind: 'notebook-list' };

const read: FieldRule = { kind: 'workspace', permission: 'read' };
const write: FieldRule = { kind: 'workspace', permission: 'write' };
const notebook = (access: 'read' | 'write', notebookArg: string): FieldRule => ({ kind: 'notebook', access, notebookArg });
const cell = (access: 'read' | 'write', cellArg: string): FieldRule => ({ kind: 'notebook', access, cellArg });

export const FIELD_RULES: Record<'Query' | 'Mutation' | 'Subscription', Record<string, FieldRule>> = {
  Query: {
    runs: read,
    run: read,
    compareRuns: read,
    datasets: read,
    dataset: read,
    datasetGenerators: read,
    datasetFormats: read,
    prototypes: read,
    saliencyMaps: read,
    evaluations: read,
    notebooks: { kind: 'notebook-list' },
    notebook: notebook('read', 'id'),
    jobs: read,
    job: read,
    me: { kind: 'signed-in' },
  },
  Mutation: {
    generateDataset: write,
    importDataset: write,
    startRun: write,
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
    shareNotebook: { kind: 'workspace', permission: 'manage' },
    unshareNotebook: { kind: 'workspace', permission: 'manage' },
  },
  Subscription: {
    runProgress: read,
    jobUpdated: read,
    jobs: read,
  },
};
