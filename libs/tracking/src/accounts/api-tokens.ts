/**
 * API tokens for scripts and workers (`Authorization: Bearer …`): a name, a scope (`read`, `write`,
 * `worker`) and an owner; the store keeps the SHA-256 of the secret. Revocation marks the row, so
 * the token list keeps its history and the next request with the secret is refused.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { StoreContext } from '../context';
import { InvalidInputError, UnknownApiTokenError } from '../errors';
import type { ApiTokensTable } from '../schema';
import { parseInput } from '../validation';
import { newSecret, secretHash } from './secrets';
import { toUser, type User } from './users';

/** What a token may do; the database's CHECK (migration 0004) keeps its own copy of this list. */
export const TOKEN_SCOPES = ['read', 'write', 'worker'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  scope: TokenScope;
  createdAt: Date;
  revokedAt: Date | null;
}

const createTokenSchema = z.object({
  name: z.string().trim().min(1, 'a token needs a name').max(200),
  scope: z.enum(TOKEN_SCOPES, { message: `scope must be one of ${TOKEN_SCOPES.join(', ')}` }),
});

/** Creates a token for the user; the secret is returned once and never stored. */
export async function createApiToken(
  ctx: StoreContext,
  userId: string,
  input: { name: string; scope: TokenScope },
): Promise<{ secret: string; token: ApiToken }> {
  const parsed = parseInput(createTokenSchema, input, 'createApiToken');
  const user = await ctx.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw new InvalidInputError(`createApiToken: no user with id "${userId}"`);
  const secret = newSecret('token');
  const id = randomUUID();
  const now = ctx.now();
  await ctx.db
    .insertInto('api_tokens')
    .values({ id, user_id: userId, name: parsed.name, scope: parsed.scope, secret_hash: secretHash(secret), created_at: now, revoked_at: null })
    .execute();
  return { secret, token: { id, userId, name: parsed.name, scope: parsed.scope, createdAt: new Date(now), revokedAt: null } };
}

/** Tokens (of one user, or all), newest first, revoked ones included. */
export async function listApiTokens(ctx: StoreContext, filter: { userId?: string } = {}): Promise<ApiToken[]> {
  let query = ctx.db.selectFrom('api_tokens').selectAll();
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(toApiToken);
}

/** The unrevoked token behind a secret, with its user; undefined otherwise. */
export async function findApiToken(ctx: StoreContext, secret: string): Promise<{ token: ApiToken; user: User } | undefined> {
  const row = await ctx.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.name as token_name',
      'api_tokens.scope as token_scope',
      'api_tokens.created_at as token_created_at',
    ])
    .where('api_tokens.secret_hash', '=', secretHash(secret))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const token: ApiToken = {
    id: row.token_id,
    userId: row.id,
    name: row.token_name,
    scope: row.token_scope as TokenScope,
    createdAt: new Date(row.token_created_at),
    revokedAt: null,
  };
  return { token, user: toUser(row) };
}

export async function apiTokenIsLive(ctx: StoreContext, tokenId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('api_tokens').select('id').where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}

/** Revokes an active token; an unknown or already revoked id is an error (a typo must not pass silently). */
export async function revokeApiToken(ctx: StoreContext, tokenId: string): Promise<ApiToken> {
  const result = await ctx.db
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.now() })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new UnknownApiTokenError(tokenId);
  const row = await ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirstOrThrow();
  return toApiToken(row);
}

function toApiToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    scope: row.scope as TokenScope,
    createdAt: new Date(row.created_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  };
}
