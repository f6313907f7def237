import { graphql } from '../graphql/generated';

export const NOTEBOOKS = graphql(`
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
`);

export const NOTEBOOK = graphql(`
  query Notebook($id: ID!) {
    notebook(id: $id) {
      id
      title
      updatedAt
      access
      # The stored cells: shown read-only until the live document has synced.
      cells {
        id
        type
        spec
      }
    }
  }
`);

export const CREATE_NOTEBOOK = graphql(`
  mutation CreateNotebook($title: String!) {
    createNotebook(title: $title) {
      id
      title
    }
  }
`);

export const RENAME_NOTEBOOK = graphql(`
  mutation RenameNotebook($id: ID!, $title: String!) {
    updateNotebook(id: $id, title: $title) {
      id
      title
    }
  }
`);
