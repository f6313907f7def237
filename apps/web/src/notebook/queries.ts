import { gql, type TypedDocumentNode } from '@apollo/client';

export type NotebookAccess = 'NONE' | 'READ' | 'WRITE';

/** What the page needs besides the live document: the title and what the caller may do. */
export interface NotebookData {
  id: string;
  title: string;
  updatedAt: string;
  access: NotebookAccess;
}

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
      access
    }
  }
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
