/**
 * Comment threads on cells: a thread is opened by its first comment, gathers replies, and is resolved
 * or reopened. Threads belong to the notebook and name their cell without a foreign key, so a
 * thread survives its cell's deletion (restoring a version brings the cell back with its threads).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { StoreContext } from '../context';
import { inWriteTransaction } from '../dialect';
import { UnknownCellError, UnknownCommentThreadError } from '../errors';
import type { CommentThreadsTable, CommentsTable, Database } from '../schema';
import { parseInput } from '../validation';

export interface CommentAuthor {
  /** The account's id; null for an author without one. */
  id: string | null;
  name: string;
}

export interface Comment {
  id: string;
  threadId: string;
  author: CommentAuthor;
  body: string;
  createdAt: Date;
}

export interface CommentThread {
  id: string;
  notebookId: string;
  cellId: string;
  resolved: boolean;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  createdAt: Date;
  /** Last reply, resolve or reopen. */
  updatedAt: Date;
  /** Oldest first; the first one opened the thread. */
  comments: Comment[];
}

export const MAX_COMMENT_LENGTH = 10_000;

const bodySchema = z.string().trim().min(1, 'a comment needs some text').max(MAX_COMMENT_LENGTH);
const authorSchema = z.object({ id: z.string().min(1).nullable(), name: z.string().trim().min(1).max(200) });

/** Opens a thread on a cell with its first comment. */
export async function addCommentThread(ctx: StoreContext, cellId: string, author: CommentAuthor, body: string): Promise<CommentThread> {
  const text = parseInput(bodySchema, body, 'addComment: body');
  const who = parseInput(authorSchema, author, 'addComment: author');
  const threadId = randomUUID();
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    const cell = await trx.selectFrom('cells').select(['id', 'notebook_id']).where('id', '=', cellId).executeTakeFirst();
    if (!cell) throw new UnknownCellError(cellId, ctx.displayUrl);
    await trx
      .insertInto('comment_threads')
      .values({ id: threadId, notebook_id: cell.notebook_id, cell_id: cellId, resolved_at: null, resolved_by: null, created_at: now, updated_at: now })
      .execute();
    await insertComment(trx, threadId, who, text, now);
  });
  return getCommentThread(ctx, threadId);
}

export async function replyToCommentThread(ctx: StoreContext, threadId: string, author: CommentAuthor, body: string): Promise<CommentThread> {
  const text = parseInput(bodySchema, body, 'replyToComment: body');
  const who = parseInput(authorSchema, author, 'replyToComment: author');
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    await requireThread(trx, ctx.displayUrl, threadId);
    await insertComment(trx, threadId, who, text, now);
    await trx.updateTable('comment_threads').set({ updated_at: now }).where('id', '=', threadId).execute();
  });
  return getCommentThread(ctx, threadId);
}

/** Marks the thread resolved by `by` (resolving a resolved thread keeps its first resolution). */
export async function resolveCommentThread(ctx: StoreContext, threadId: string, by: CommentAuthor): Promise<CommentThread> {
  const who = parseInput(authorSchema, by, 'resolveComment: by');
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    const thread = await requireThread(trx, ctx.displayUrl, threadId);
    if (thread.resolved_at !== null) return;
    await trx.updateTable('comment_threads').set({ resolved_at: now, resolved_by: who.name, updated_at: now }).where('id', '=', threadId).execute();
  });
  return getCommentThread(ctx, threadId);
}

export async function reopenCommentThread(ctx: StoreContext, threadId: string): Promise<CommentThread> {
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    const thread = await requireThread(trx, ctx.displayUrl, threadId);
    if (thread.resolved_at === null) return;
    await trx.updateTable('comment_threads').set({ resolved_at: null, resolved_by: null, updated_at: now }).where('id', '=', threadId).execute();
  });
  return getCommentThread(ctx, threadId);
}

export async function getCommentThread(ctx: StoreContext, threadId: string): Promise<CommentThread> {
  const row = await requireThread(ctx.db, ctx.displayUrl, threadId);
  return (await withComments(ctx.db, [row]))[0]!;
}

/** Every thread on each of the cells (oldest first), for one query per request. */
export async function commentThreadsOfCells(ctx: StoreContext, cellIds: readonly string[]): Promise<Map<string, CommentThread[]>> {
  const out = new Map<string, CommentThread[]>(cellIds.map((id) => [id, []]));
  if (cellIds.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('comment_threads')
    .selectAll()
    .where('cell_id', 'in', [...cellIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const thread of await withComments(ctx.db, rows)) out.get(thread.cellId)!.push(thread);
  return out;
}

export interface NotebookThreadsFilter {
  /** Only unresolved threads (what still needs an answer). */
  openOnly?: boolean;
  /** Only threads changed (opened, replied to, resolved, reopened) after this time, epoch ms. */
  changedAfter?: number;
}

/** The notebook's threads, oldest first. */
export async function commentThreadsOfNotebook(ctx: StoreContext, notebookId: string, filter: NotebookThreadsFilter = {}): Promise<CommentThread[]> {
  let query = ctx.db.selectFrom('comment_threads').selectAll().where('notebook_id', '=', notebookId);
  if (filter.openOnly) query = query.where('resolved_at', 'is', null);
  if (filter.changedAfter !== undefined) query = query.where('updated_at', '>', filter.changedAfter);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return withComments(ctx.db, rows);
}

async function insertComment(db: Kysely<Database>, threadId: string, author: CommentAuthor, body: string, now: number): Promise<void> {
  await db
    .insertInto('comments')
    .values({ id: randomUUID(), thread_id: threadId, author_id: author.id, author_name: author.name, body, created_at: now })
    .execute();
}

async function requireThread(db: Kysely<Database>, displayUrl: string, threadId: string): Promise<Selectable<CommentThreadsTable>> {
  const row = await db.selectFrom('comment_threads').selectAll().where('id', '=', threadId).executeTakeFirst();
  if (!row) throw new UnknownCommentThreadError(threadId, displayUrl);
  return row;
}

async function withComments(db: Kysely<Database>, threads: readonly Selectable<CommentThreadsTable>[]): Promise<CommentThread[]> {
  if (threads.length === 0) return [];
  const comments = await db
    .selectFrom('comments')
    .selectAll()
    .where('thread_id', 'in', threads.map((t) => t.id))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const byThread = new Map<string, Comment[]>(threads.map((t) => [t.id, []]));
  for (const row of comments) byThread.get(row.thread_id)!.push(toComment(row));
  return threads.map((row) => ({
    id: row.id,
    notebookId: row.notebook_id,
    cellId: row.cell_id,
    resolved: row.resolved_at !== null,
    resolvedAt: row.resolved_at === null ? null : new Date(Number(row.resolved_at)),
    resolvedBy: row.resolved_by,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    comments: byThread.get(row.id)!,
  }));
}

function toComment(row: Selectable<CommentsTable>): Comment {
  return {
    id: row.id,
    threadId: row.thread_id,
    author: { id: row.author_id, name: row.author_name },
    body: row.body,
    createdAt: new Date(Number(row.created_at)),
  };
}
