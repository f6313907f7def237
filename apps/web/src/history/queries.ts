import { gql, type TypedDocumentNode } from '@apollo/client';
import type { PlainCell } from '@protoscope/notebook-doc';

export interface VersionSummary {
  id: string;
  number: number;
  kind: 'MANUAL' | 'AUTO' | 'RESTORE';
  label: string | null;
  author: { name: string } | null;
  createdAt: string;
}

const VERSION_FIELDS = gql`
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
`;

export const NOTEBOOK_VERSIONS: TypedDocumentNode<{ notebook: { id: string; versions: VersionSummary[] } | null }, { id: string }> = gql`
  query NotebookVersions($id: ID!) {
    notebook(id: $id) {
      id
      versions {
        ...NotebookVersionFields
      }
    }
  }
  ${VERSION_FIELDS}
`;

/**
 * A version's cells. Read with `fetchPolicy: 'no-cache'`: a version never changes, and in Apollo's
 * normalised cache every version's copy of a cell would be one entry (`VersionCell:<cell id>`), so one
 * version would show another's contents.
 */
export const NOTEBOOK_VERSION_CELLS: TypedDocumentNode<{ notebookVersion: (VersionSummary & { cells: PlainCell[] }) | null }, { id: string }> = gql`
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
  ${VERSION_FIELDS}
`;

export const SAVE_VERSION: TypedDocumentNode<{ snapshotNotebook: VersionSummary }, { notebookId: string; label?: string | null }> = gql`
  mutation SnapshotNotebook($notebookId: ID!, $label: String) {
    snapshotNotebook(id: $notebookId, label: $label) {
      ...NotebookVersionFields
    }
  }
  ${VERSION_FIELDS}
`;

export const RESTORE_VERSION: TypedDocumentNode<{ restoreNotebookVersion: VersionSummary }, { versionId: string }> = gql`
  mutation RestoreNotebookVersion($versionId: ID!) {
    restoreNotebookVersion(id: $versionId) {
      ...NotebookVersionFields
    }
  }
  ${VERSION_FIELDS}
`;
