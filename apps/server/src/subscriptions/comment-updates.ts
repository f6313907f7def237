/**
 * `commentThreadChanged(notebookId)`: threads opened, replied to, resolved or reopened, read by
 * polling the store (another server process may have written them). A thread is sent again whenever
 * its `updatedAt`, resolution or number of comments moves.
 */
import type { CommentThread, Store } from '@protoscope/tracking';
import type { PollerHub, PollSource } from './poller-hub';

/** How far back each poll looks, so a write committed just after a poll with an older time is still seen. */
const LOOK_BACK_MS = 2000;

function signature(thread: CommentThread): string {
  return `${thread.updatedAt.getTime()}:${thread.resolved}:${thread.comments.length}`;
}

function commentSource(store: Store, notebookId: string): PollSource<CommentThread> {
  const seen = new Map<string, string>();
  let cursor = 0;
  return {
    async start() {
      await store.notebooks.get(notebookId);
      for (const thread of await store.comments.threadsOfNotebook(notebookId)) {
        seen.set(thread.id, signature(thread));
        cursor = Math.max(cursor, thread.updatedAt.getTime());
      }
    },
    async poll() {
      const threads = await store.comments.threadsOfNotebook(notebookId, { changedAfter: cursor - LOOK_BACK_MS });
      const events = threads.filter((thread) => seen.get(thread.id) !== signature(thread));
      for (const thread of events) {
        seen.set(thread.id, signature(thread));
        cursor = Math.max(cursor, thread.updatedAt.getTime());
      }
      return { events };
    },
  };
}

/** Every change of the notebook's comment threads from now on (NOT_FOUND for an unknown notebook). */
export async function subscribeCommentThreads(hub: PollerHub, store: Store, notebookId: string): Promise<AsyncIterableIterator<CommentThread>> {
  await store.notebooks.get(notebookId);
  return hub.subscribe(`comments:${notebookId}`, () => commentSource(store, notebookId));
}
