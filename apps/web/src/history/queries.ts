import type { PlainCell } from '@protoscope/notebook-doc';
import { graphql } from '../graphql/generated';
import type { NotebookVersionFieldsFragment } from '../graphql/generated/graphql';
import { jsonObject } from '../graphql/json-object';

export type VersionSummary = NotebookVersionFieldsFragment;

/** The fields every document below reads of a version (spread as ...NotebookVersionFields). */
export const VERSION_FIELDS = graphql(`
  fragment NotebookVersionFields on NotebookVersion {
    id
    number
    kind
    label
    author {
      name
    }
    createdAt
  }
`);

export const NOTEBOOK_VERSIONS = graphql(`
  query NotebookVersions($id: ID!) {
    notebook(id: $id) {
      id
      versions {
        ...NotebookVersionFields
      }
    }
  }
`);

/**
 * A version's cells. Read with `fetchPolicy: 'no-cache'`: a version never changes, and in Apollo's
 * normalised cache every version's copy of a cell would be one entry (`VersionCell:<cell id>`), so one
 * version would show another's contents.
 */
export const NOTEBOOK_VERSION_CELLS = graphql(`
  query NotebookVersionCells($id: ID!) {
    notebookVersion(id: $id) {
      ...NotebookVersionFields
      cells {
        id
        type
        spec
      }
    }
  }
`);

export const SAVE_VERSION = graphql(`
  mutation SnapshotNotebook($notebookId: ID!, $label: String) {
    snapshotNotebook(id: $notebookId, label: $label) {
      ...NotebookVersionFields
    }
  }
`);

export const RESTORE_VERSION = graphql(`
  mutation RestoreNotebookVersion($versionId: ID!) {
    restoreNotebookVersion(id: $versionId) {
      ...NotebookVersionFields
    }
  }
`);

/** A version's cells as the document diff reads them (the server stores every spec as a JSON object). */
export function plainCells(cells: readonly { id: string; type: string; spec: unknown }[]): PlainCell[] {
  return cells.map((cell) => ({ id: cell.id, type: cell.type, spec: jsonObject(cell.spec) as PlainCell['spec'] }));
}
