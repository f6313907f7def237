/**
 * Co-editing fields of the graph: cell mutations through the live document (partial `updateCell`
 * with `ifVersion`), comment threads, and notebook history. The services are in ../collab.
 */
import { NOTEBOOK_VERSION_KINDS, type Cell, type CommentThread, type Notebook, type NotebookVersion } from '@protoscope/tracking';
import type { Editor } from '../collab/document-persistence';
import type { NotebookVersionDiff } from '../collab/notebook-history';
import type { GraphContext } from '../graphql/context';
import { createLoaders } from '../graphql/loaders';
import { subscribeCommentThreads } from '../subscriptions/comment-updates';

/** Who the change is attributed to (history, comments). */
function editorOf(ctx: GraphContext): Editor | null {
  return ctx.caller ? { id: ctx.caller.userId, name: ctx.caller.name } : null;
}

function commentAuthor(ctx: GraphContext): Editor {
  return editorOf(ctx) ?? { id: null, name: 'anonymous' };
}

/** Tells the notebook's open editors that a thread changed (the subscription tells everyone else). */
function announce(ctx: GraphContext, thread: CommentThread): CommentThread {
  ctx.collab.notify(thread.notebookId, { type: 'comments', threadId: thread.id, cellId: thread.cellId });
  return thread;
}

const present = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

export const collabResolvers = {
  NotebookVersionKind: Object.fromEntries(NOTEBOOK_VERSION_KINDS.map((kind) => [kind.toUpperCase(), kind])),
  Query: {
    notebookVersion: async (_: unknown, args: { id: string }, ctx: GraphContext) => (await ctx.loaders.notebookVersion.load(args.id)) ?? null,
    notebookDiff: (_: unknown, args: { from: string; to?: string | null }, ctx: GraphContext) => ctx.history.diff(args.from, present(args.to)),
  },
  Mutation: {
    addCell: (_: unknown, args: { notebookId: string; type: string; spec?: object | null; position?: number | null }, ctx: GraphContext) =>
      ctx.notebookCells.add(args.notebookId, { type: args.type, spec: present(args.spec), position: present(args.position) }, editorOf(ctx)),
    updateCell: (_: unknown, args: { id: string; type?: string | null; spec?: object | null; ifVersion?: number | null }, ctx: GraphContext) =>
      ctx.notebookCells.update(args.id, { type: present(args.type), spec: present(args.spec) }, present(args.ifVersion), editorOf(ctx)),
    moveCell: (_: unknown, args: { id: string; index: number }, ctx: GraphContext) => ctx.notebookCells.move(args.id, args.index, editorOf(ctx)),
    deleteCell: async (_: unknown, args: { id: string }, ctx: GraphContext) => {
      await ctx.notebookCells.delete(args.id, editorOf(ctx));
      return args.id;
    },
    addComment: async (_: unknown, args: { cellId: string; body: string }, ctx: GraphContext) =>
      announce(ctx, await ctx.store.addCommentThread(args.cellId, commentAuthor(ctx), args.body)),
    replyToComment: async (_: unknown, args: { threadId: string; body: string }, ctx: GraphContext) =>
      announce(ctx, await ctx.store.replyToCommentThread(args.threadId, commentAuthor(ctx), args.body)),
    resolveComment: async (_: unknown, args: { threadId: string }, ctx: GraphContext) =>
      announce(ctx, await ctx.store.resolveCommentThread(args.threadId, commentAuthor(ctx))),
    reopenComment: async (_: unknown, args: { threadId: string }, ctx: GraphContext) => announce(ctx, await ctx.store.reopenCommentThread(args.threadId)),
    snapshotNotebook: (_: unknown, args: { id: string; label?: string | null }, ctx: GraphContext) =>
      ctx.history.snapshot(args.id, args.label ?? null, editorOf(ctx)),
    restoreNotebookVersion: (_: unknown, args: { id: string }, ctx: GraphContext) => ctx.history.restore(args.id, editorOf(ctx)),
  },
  Subscription: {
    commentThreadChanged: {
      subscribe: (_: unknown, args: { notebookId: string }, ctx: GraphContext) => subscribeCommentThreads(ctx.pollers, ctx.store, args.notebookId),
      resolve: (thread: CommentThread, _: unknown, ctx: GraphContext) => {
        ctx.loaders = createLoaders(ctx.store, ctx.manifests);
        return thread;
      },
    },
  },
  Cell: {
    comments: async (cell: Cell, args: { open?: boolean | null }, ctx: GraphContext) => {
      const threads = await ctx.loaders.commentThreads.load(cell.id);
      return args.open ? threads.filter((t) => !t.resolved) : threads;
    },
  },
  Notebook: {
    versions: (notebook: Notebook, _: unknown, ctx: GraphContext) => ctx.store.listNotebookVersions(notebook.id),
    commentThreads: (notebook: Notebook, args: { open?: boolean | null }, ctx: GraphContext) =>
      ctx.store.commentThreadsOfNotebook(notebook.id, { openOnly: args.open ?? false }),
  },
  NotebookVersion: {
    cells: async (version: NotebookVersion | { id: string }, _: unknown, ctx: GraphContext) =>
      'cells' in version ? version.cells : ((await ctx.loaders.notebookVersion.load(version.id))?.cells ?? []),
  },
  NotebookDiff: {
    to: (diff: NotebookVersionDiff) => diff.to ?? null,
  },
};
