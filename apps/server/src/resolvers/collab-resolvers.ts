/**
 * Co-editing fields of the graph: cell mutations through the live document (partial `updateCell`
 * with `ifVersion`), comment threads, and notebook history. The services are in ../collab.
 */
import { NOTEBOOK_VERSION_KINDS, type CommentThread } from '@protoscope/tracking';
import type { Editor } from '../collab/document-persistence';
import type { GraphContext } from '../graphql/context';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { createLoaders } from '../graphql/loaders';
import { storeEnum } from '../graphql/store-enum';
import { subscribeCommentThreads } from '../subscriptions/comment-updates';
import { jsonObjectArg } from './json-object-arg';

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

export const collabResolvers: Resolvers = {
  NotebookVersionKind: storeEnum(NOTEBOOK_VERSION_KINDS),
  Query: {
    notebookVersion: async (_, args, ctx) => (await ctx.loaders.notebookVersion.load(args.id)) ?? null,
    notebookDiff: (_, args, ctx) => ctx.history.diff(args.from, present(args.to)),
  },
  Mutation: {
    addCell: (_, args, ctx) =>
      ctx.notebookCells.add(
        args.notebookId,
        { type: args.type, spec: jsonObjectArg(args.spec, 'spec'), position: present(args.position) },
        editorOf(ctx),
      ),
    updateCell: (_, args, ctx) =>
      ctx.notebookCells.update(
        args.id,
        { type: present(args.type), spec: jsonObjectArg(args.spec, 'spec') },
        present(args.ifVersion),
        editorOf(ctx),
      ),
    moveCell: (_, args, ctx) => ctx.notebookCells.move(args.id, args.index, editorOf(ctx)),
    deleteCell: async (_, args, ctx) => {
      await ctx.notebookCells.delete(args.id, editorOf(ctx));
      return args.id;
    },
    addComment: async (_, args, ctx) => announce(ctx, await ctx.store.comments.addThread(args.cellId, commentAuthor(ctx), args.body)),
    replyToComment: async (_, args, ctx) => announce(ctx, await ctx.store.comments.reply(args.threadId, commentAuthor(ctx), args.body)),
    resolveComment: async (_, args, ctx) => announce(ctx, await ctx.store.comments.resolve(args.threadId, commentAuthor(ctx))),
    reopenComment: async (_, args, ctx) => announce(ctx, await ctx.store.comments.reopen(args.threadId)),
    snapshotNotebook: (_, args, ctx) => ctx.history.snapshot(args.id, args.label ?? null, editorOf(ctx)),
    restoreNotebookVersion: (_, args, ctx) => ctx.history.restore(args.id, editorOf(ctx)),
  },
  Subscription: {
    commentThreadChanged: {
      subscribe: (_, args, ctx) => subscribeCommentThreads(ctx.pollers, ctx.store, args.notebookId),
      resolve: (thread: CommentThread, _: unknown, ctx: GraphContext) => {
        ctx.loaders = createLoaders(ctx.store, ctx.manifests);
        return thread;
      },
    },
  },
  Cell: {
    comments: async (cell, args, ctx) => {
      const threads = await ctx.loaders.commentThreads.load(cell.id);
      return args.open ? threads.filter((t) => !t.resolved) : threads;
    },
  },
  Notebook: {
    versions: (notebook, _, ctx) => ctx.store.versions.list(notebook.id),
    commentThreads: (notebook, args, ctx) => ctx.store.comments.threadsOfNotebook(notebook.id, { openOnly: args.open ?? false }),
  },
  NotebookVersion: {
    cells: async (version, _, ctx) => ('cells' in version ? version.cells : ((await ctx.loaders.notebookVersion.load(version.id))?.cells ?? [])),
  },
  NotebookDiff: {
    to: (diff) => diff.to ?? null,
  },
};
