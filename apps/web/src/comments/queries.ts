import { gql, type TypedDocumentNode } from '@apollo/client';

export interface CommentThreadNode {
  id: string;
  cellId: string;
  resolved: boolean;
  resolvedBy: string | null;
  createdAt: string;
  updatedAt: string;
  comments: { id: string; author: { name: string }; body: string; createdAt: string }[];
}

const THREAD_FIELDS = gql`
  fragment CommentThreadFields on CommentThread {
    id
    cellId
    resolved
    resolvedBy
    createdAt
    updatedAt
    comments {
      id
      author {
        name
      }
      body
      createdAt
    }
  }
`;

export const NOTEBOOK_THREADS: TypedDocumentNode<{ notebook: { id: string; commentThreads: CommentThreadNode[] } | null }, { id: string }> = gql`
  query NotebookCommentThreads($id: ID!) {
    notebook(id: $id) {
      id
      commentThreads {
        ...CommentThreadFields
      }
    }
  }
  ${THREAD_FIELDS}
`;

export const ADD_COMMENT: TypedDocumentNode<{ addComment: CommentThreadNode }, { cellId: string; body: string }> = gql`
  mutation AddComment($cellId: ID!, $body: String!) {
    addComment(cellId: $cellId, body: $body) {
      ...CommentThreadFields
    }
  }
  ${THREAD_FIELDS}
`;

export const REPLY_TO_COMMENT: TypedDocumentNode<{ replyToComment: CommentThreadNode }, { threadId: string; body: string }> = gql`
  mutation ReplyToComment($threadId: ID!, $body: String!) {
    replyToComment(threadId: $threadId, body: $body) {
      ...CommentThreadFields
    }
  }
  ${THREAD_FIELDS}
`;

export const RESOLVE_THREAD: TypedDocumentNode<{ resolveComment: CommentThreadNode }, { threadId: string }> = gql`
  mutation ResolveComment($threadId: ID!) {
    resolveComment(threadId: $threadId) {
      ...CommentThreadFields
    }
  }
  ${THREAD_FIELDS}
`;

export const REOPEN_THREAD: TypedDocumentNode<{ reopenComment: CommentThreadNode }, { threadId: string }> = gql`
  mutation ReopenComment($threadId: ID!) {
    reopenComment(threadId: $threadId) {
      ...CommentThreadFields
    }
  }
  ${THREAD_FIELDS}
`;
