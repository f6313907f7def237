/**
 * Per-notebook shares: a user's access to one notebook (`none`, `read`, `write`) that replaces what
 * their workspace role would give there. Owners keep full access everywhere (the server decides
 * that; the store only records shares).
 */
import { z } from 'zod';
import type { StoreContext } from '../context';
import { inWriteTransaction } from '../dialect';
import { UnknownNotebookError, UnknownUserError } from '../errors';
import { parseInput } from '../validation';

/** A share's access; the database's CHECK (migration 0004) keeps its own copy of this list. */
export const SHARE_ACCESS = ['none', 'read', 'write'] as const;
export type ShareAccess = (typeof SHARE_ACCESS)[number];

export interface NotebookShare {
  notebookId: string;
  userId: string;
  access: ShareAccess;
  createdAt: Date;
}

const accessSchema = z.enum(SHARE_ACCESS, { message: `access must be one of ${SHARE_ACCESS.join(', ')}` });

/** Sets (or replaces) the user's share of the notebook. */
export async function shareNotebook(ctx: StoreContext, notebookId: string, userId: string, access: ShareAccess): Promise<NotebookShare> {
  const parsed = parseInput(accessSchema, access, 'shareNotebook: access');
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    if (!(await trx.selectFrom('notebooks').select('id').where('id', '=', notebookId).executeTakeFirst())) {
      throw new UnknownNotebookError(notebookId, ctx.displayUrl);
    }
    if (!(await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst())) throw new UnknownUserError(userId);
    await trx.deleteFrom('notebook_shares').where('notebook_id', '=', notebookId).where('user_id', '=', userId).execute();
    await trx.insertInto('notebook_shares').values({ notebook_id: notebookId, user_id: userId, access: parsed, created_at: now }).execute();
  });
  return { notebookId, userId, access: parsed, createdAt: new Date(now) };
}

/** Removes the user's share (their workspace role applies again). */
export async function unshareNotebook(ctx: StoreContext, notebookId: string, userId: string): Promise<void> {
  await ctx.db.deleteFrom('notebook_shares').where('notebook_id', '=', notebookId).where('user_id', '=', userId).execute();
}

/** The user's share of the notebook, if any. */
export async function notebookShare(ctx: StoreContext, notebookId: string, userId: string): Promise<ShareAccess | undefined> {
  const row = await ctx.db
    .selectFrom('notebook_shares')
    .select('access')
    .where('notebook_id', '=', notebookId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.access as ShareAccess | undefined;
}

/** Every share of one user, by notebook id (to filter notebook lists in one read). */
export async function sharesOfUser(ctx: StoreContext, userId: string): Promise<Map<string, ShareAccess>> {
  const rows = await ctx.db.selectFrom('notebook_shares').select(['notebook_id', 'access']).where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [r.notebook_id, r.access as ShareAccess]));
}

/** Every share of one notebook. */
export async function notebookShares(ctx: StoreContext, notebookId: string): Promise<NotebookShare[]> {
  const rows = await ctx.db.selectFrom('notebook_shares').selectAll().where('notebook_id', '=', notebookId).orderBy('user_id').execute();
  return rows.map((r) => ({ notebookId: r.notebook_id, userId: r.user_id, access: r.access as ShareAccess, createdAt: new Date(r.created_at) }));
}
