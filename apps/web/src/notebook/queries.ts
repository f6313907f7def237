import { gql, type TypedDocumentNode } from '@apollo/client';

export interface CellData {
  id: string;
  position: number;
  type: string;
  spec: unknown;
  updatedAt: string;
}

export interface NotebookData {
  id: string;
  title: string;
  updatedAt: string;
  cells: CellData[];
}

const CELL_FIELDS = gql`
  fragment NotebookCellFields on Cell {
    id
    position
    type
    spec
    updatedAt
  }
`;

export const NOTEBOOKS: TypedDocumentNode<{ notebooks: { id: string; title: string; updatedAt: string; cells: { id: string }[] }[] }> = gql`
  query Notebooks {
    notebooks {
      id
      title
      updatedAt
      cells {
        id
      }
    }
  }
`;

export const NOTEBOOK: TypedDocumentNode<{ notebook: NotebookData | null }, { id: string }> = gql`
  query Notebook($id: ID!) {
    notebook(id: $id) {
      id
      title
      updatedAt
      cells {
        ...NotebookCellFields
      }
    }
  }
  ${CELL_FIELDS}
`;

export const CREATE_NOTEBOOK: TypedDocumentNode<{ createNotebook: { id: string; title: string } }, { title: string }> = gql`
  mutation CreateNotebook($title: String!) {
    createNotebook(title: $title) {
      id
      title
    }
  }
`;

export const RENAME_NOTEBOOK: TypedDocumentNode<{ updateNotebook: { id: string; title: string } }, { id: string; title: string }> = gql`
  mutation RenameNotebook($id: ID!, $title: String!) {
    updateNotebook(id: $id, title: $title) {
      id
      title
    }
  }
`;

export const ADD_CELL: TypedDocumentNode<
  { addCell: CellData },
  { notebookId: string; type: string; spec: unknown; position?: number }
> = gql`
  mutation AddCell($notebookId: ID!, $type: String!, $spec: JSON, $position: Int) {
    addCell(notebookId: $notebookId, type: $type, spec: $spec, position: $position) {
      ...NotebookCellFields
    }
  }
  ${CELL_FIELDS}
`;

export const UPDATE_CELL: TypedDocumentNode<{ updateCell: CellData }, { id: string; spec: unknown }> = gql`
  mutation UpdateCell($id: ID!, $spec: JSON!) {
    updateCell(id: $id, spec: $spec) {
      ...NotebookCellFields
    }
  }
  ${CELL_FIELDS}
`;

export const MOVE_CELL: TypedDocumentNode<{ moveCell: CellData }, { id: string; index: number }> = gql`
  mutation MoveCell($id: ID!, $index: Int!) {
    moveCell(id: $id, index: $index) {
      ...NotebookCellFields
    }
  }
  ${CELL_FIELDS}
`;

export const DELETE_CELL: TypedDocumentNode<{ deleteCell: string }, { id: string }> = gql`
  mutation DeleteCell($id: ID!) {
    deleteCell(id: $id)
  }
`;
