/**
 * One-time login links (what `protoscope start` prints, as Jupyter does): a secret that signs its
 * user in once, before it expires. Consuming is one conditional update, so two browsers racing
 * with the same link cannot both get in.
 */
import { randomUUID } from 'node:crypto';
import type { StoreContext } from '../context';
import { InvalidInputError } from '../errors';
import { newSecret, secretHash } from './secrets';
import { getUser, type User } from './users';

/** Default lifetime of a login link: 24 hours. */
export const DEFAULT_LOGIN_LINK_TTL_MS = 24 * 3600 * 1000;

export async function createLoginLink(ctx: StoreContext, userId: string, options: { ttlMs?: number } = {}): Promise<{ secret: string; expiresAt: Date }> {
  const ttl = options.ttlMs ?? DEFAULT_LOGIN_LINK_TTL_MS;
  if (!(ttl > 0)) throw new InvalidInputError(`createLoginLink: ttlMs must be positive, got ${ttl}`);
  const user = await ctx.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw new InvalidInputError(`createLoginLink: no user with id "${userId}"`);
  const secret = newSecret('link');
  const now = ctx.now();
  await ctx.db
    .insertInto('login_links')
    .values({ id: randomUUID(), user_id: userId, secret_hash: secretHash(secret), created_at: now, expires_at: now + ttl, used_at: null })
    .execute();
  return { secret, expiresAt: new Date(now + ttl) };
}

/** Marks the link used and returns its user; undefined when unknown, used already or expired. */
export async function consumeLoginLink(ctx: StoreContext, secret: string): Promise<User | undefined> {
  const now = ctx.now();
  const hash = secretHash(secret);
  const result = await ctx.db
    .updateTable('login_links')
    .set({ used_at: now })
    .where('secret_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  const row = await ctx.db.selectFrom('login_links').select('user_id').where('secret_hash', '=', hash).executeTakeFirstOrThrow();
  return getUser(ctx, row.user_id);
}
