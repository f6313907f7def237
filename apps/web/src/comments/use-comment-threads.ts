'use client';
import { useMutation, useQuery } from '@apollo/client/react';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { useEffect, useMemo, useState } from 'react';
import { errorText } from '../cells/shared/notice';
import { ADD_COMMENT, NOTEBOOK_THREADS, REOPEN_THREAD, REPLY_TO_COMMENT, RESOLVE_THREAD, type CommentThreadNode } from './queries';
import { isCommentsNotice } from './threads';
import { openThreadCount, threadsByCell, type ThreadData } from './threads';

export interface CommentThreadsApi {
  byCell: ReadonlyMap<string, ThreadData[]>;
  openCount(cellId: string): number;
  /** The last action's failure, in words. */
  error: string | null;
  /** Each resolves to whether the server accepted it. */
  start(cellId: string, body: string): Promise<boolean>;
  reply(threadId: string, body: string): Promise<boolean>;
  resolve(threadId: string): Promise<boolean>;
  reopen(threadId: string): Promise<boolean>;
}

function toThread(node: CommentThreadNode): ThreadData {
  return { ...node, comments: node.comments.map((comment) => ({ id: comment.id, authorName: comment.author.name, body: comment.body, createdAt: comment.createdAt })) };
}

/**
 * The notebook's comment threads, kept live: the list is read over GraphQL, and whenever anyone
 * changes a thread (new, reply, resolve, reopen) the server tells every page that has the notebook's
 * live document open (a Hocuspocus stateless message), which reads the list again.
 */
export function useCommentThreads(notebookId: string, provider: HocuspocusProvider | null): CommentThreadsApi {
  const { data, error: loadError, refetch } = useQuery(NOTEBOOK_THREADS, { variables: { id: notebookId } });
  const [actionError, setActionError] = useState<string | null>(null);
  useEffect(() => {
    if (!provider) return;
    const onNotice = ({ payload }: { payload: string }) => {
      if (isCommentsNotice(payload)) void refetch();
    };
    provider.on('stateless', onNotice);
    return () => void provider.off('stateless', onNotice);
  }, [provider, refetch]);
  const [addComment] = useMutation(ADD_COMMENT);
  const [replyToComment] = useMutation(REPLY_TO_COMMENT);
  const [resolveThread] = useMutation(RESOLVE_THREAD);
  const [reopenThread] = useMutation(REOPEN_THREAD);

  const threads = data?.notebook?.commentThreads;
  const byCell = useMemo(() => threadsByCell((threads ?? []).map(toThread)), [threads]);

  async function act(action: () => Promise<unknown>): Promise<boolean> {
    setActionError(null);
    try {
      await action();
      return true;
    } catch (failure) {
      setActionError(`The comment was not saved: ${errorText(failure)}`);
      return false;
    }
  }

  return {
    byCell,
    openCount: (cellId) => openThreadCount(byCell.get(cellId)),
    error: actionError ?? (loadError ? `Could not load the comments: ${errorText(loadError)}` : null),
    start: (cellId, body) =>
      act(async () => {
        await addComment({ variables: { cellId, body } });
        await refetch();
      }),
    reply: (threadId, body) => act(() => replyToComment({ variables: { threadId, body } })),
    resolve: (threadId) => act(() => resolveThread({ variables: { threadId } })),
    reopen: (threadId) => act(() => reopenThread({ variables: { threadId } })),
  };
}
