/**
 * Browser sessions: an opaque random secret in the browser's cookie, its SHA-256 in the store. A
 * session ends when it expires or is deleted (sign-out, removal of its user); the server notices on
 * the next request and on open websockets.
 */
import { randomUUID } from 'node:crypto';
import type { StoreContext } from '../context';
import { InvalidInputError } from '../errors';
import { newSecret, secretHash } from './secrets';
import { toUser, type User } from './users';

/** Default lifetime of a browser session: 14 days. */
export const DEFAULT_SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Starts a session for the user; the secret is returned once and never stored. */
export async function createSession(ctx: StoreContext, userId: string, options: { ttlMs?: number } = {}): Promise<{ secret: string; session: Session }> {
  const ttl = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
  if (!(ttl > 0)) throw new InvalidInputError(`createSession: ttlMs must be positive, got ${ttl}`);
  const user = await ctx.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw new InvalidInputError(`createSession: no user with id "${userId}"`);
  const secret = newSecret('session');
  const now = ctx.now();
  const session = { id: randomUUID(), userId, createdAt: new Date(now), expiresAt: new Date(now + ttl) };
  await ctx.db
    .insertInto('sessions')
    .values({ id: session.id, user_id: userId, secret_hash: secretHash(secret), created_at: now, expires_at: now + ttl })
    .execute();
  return { secret, session };
}

/** The live session behind a secret, with its user; undefined when unknown, ended or expired. */
export async function findSession(ctx: StoreContext, secret: string): Promise<{ session: Session; user: User } | undefined> {
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.id as session_id', 'sessions.created_at as session_created_at', 'sessions.expires_at as session_expires_at'])
    .where('sessions.secret_hash', '=', secretHash(secret))
    .where('sessions.expires_at', '>', ctx.now())
    .executeTakeFirst();
  if (!row) return undefined;
  const session = { id: row.session_id, userId: row.id, createdAt: new Date(row.session_created_at), expiresAt: new Date(row.session_expires_at) };
  return { session, user: toUser(row) };
}

/** Whether the session still exists and has not expired. */
export async function sessionIsLive(ctx: StoreContext, sessionId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('sessions').select('id').where('id', '=', sessionId).where('expires_at', '>', ctx.now()).executeTakeFirst();
  return row !== undefined;
}

/** Ends the session (sign-out). Ending an unknown session does nothing. */
export async function endSession(ctx: StoreContext, sessionId: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}
