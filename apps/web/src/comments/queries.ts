import { graphql } from '../graphql/generated';
import type { CommentThreadFieldsFragment } from '../graphql/generated/graphql';

export type CommentThreadNode = CommentThreadFieldsFragment;

/** The fields every document below reads of a thread (spread as ...CommentThreadFields). */
export const THREAD_FIELDS = graphql(`
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
`);

export const NOTEBOOK_THREADS = graphql(`
  query NotebookCommentThreads($id: ID!) {
    notebook(id: $id) {
      id
      commentThreads {
        ...CommentThreadFields
      }
    }
  }
`);

export const ADD_COMMENT = graphql(`
  mutation AddComment($cellId: ID!, $body: String!) {
    addComment(cellId: $cellId, body: $body) {
      ...CommentThreadFields
    }
  }
`);

export const REPLY_TO_COMMENT = graphql(`
  mutation ReplyToComment($threadId: ID!, $body: String!) {
    replyToComment(threadId: $threadId, body: $body) {
      ...CommentThreadFields
    }
  }
`);

export const RESOLVE_THREAD = graphql(`
  mutation ResolveComment($threadId: ID!) {
    resolveComment(threadId: $threadId) {
      ...CommentThreadFields
    }
  }
`);

export const REOPEN_THREAD = graphql(`
  mutation ReopenComment($threadId: ID!) {
    reopenComment(threadId: $threadId) {
      ...CommentThreadFields
    }
  }
`);
