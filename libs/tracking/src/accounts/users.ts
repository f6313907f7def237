/**
 * User accounts with a workspace role (owner, editor, viewer) and an optional password. The last
 * owner can be neither removed nor demoted: the check and the change run in one write transaction,
 * so two concurrent demotions cannot both pass.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { StoreContext } from '../context';
import { inWriteTransaction } from '../dialect';
import { InvalidInputError, LastOwnerError, UnknownUserError } from '../errors';
import type { Database, UsersTable } from '../schema';
import type { StoreDialect } from '../url';
import { parseInput } from '../validation';
import { hashPassword, verifyPassword } from './secrets';

/** Account roles; the database's CHECK (migration 0004) keeps its own copy of this list. */
export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  name: string;
  role: Role;
  hasPassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const userNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/, 'a user name is 1-64 letters, digits, _ . @ or -, starting with a letter or digit');
const passwordSchema = z.string().min(8, 'a password has at least 8 characters').max(1024);
const roleSchema = z.enum(ROLES);

export interface CreateUserInput {
  name: string;
  role: Role;
  /** Omitted: the user signs in with one-time links until a password is set. */
  password?: string;
}

export async function createUser(ctx: StoreContext, input: CreateUserInput): Promise<User> {
  const parsed = parseInput(z.object({ name: userNameSchema, role: roleSchema, password: passwordSchema.optional() }), input, 'createUser');
  const hash = parsed.password === undefined ? null : await hashPassword(parsed.password);
  const id = randomUUID();
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    if (await findRow(trx, parsed.name)) throw new InvalidInputError(`createUser: a user named "${parsed.name}" already exists`);
    await trx.insertInto('users').values({ id, name: parsed.name, role: parsed.role, password_hash: hash, created_at: now, updated_at: now }).execute();
  });
  return getUser(ctx, id);
}

/** Every account, by name. */
export async function listUsers(ctx: StoreContext): Promise<User[]> {
  const rows = await ctx.db.selectFrom('users').selectAll().orderBy('name').execute();
  return rows.map(toUser);
}

/** The user with this id or name. */
export async function getUser(ctx: StoreContext, idOrName: string): Promise<User> {
  const user = await findUser(ctx, idOrName);
  if (!user) throw new UnknownUserError(idOrName);
  return user;
}

export async function findUser(ctx: StoreContext, idOrName: string): Promise<User | undefined> {
  const row = await findRow(ctx.db, idOrName);
  return row ? toUser(row) : undefined;
}

/** The first owner by creation time (the one `start` and `token create` act for), if any. */
export async function firstOwner(ctx: StoreContext): Promise<User | undefined> {
  const row = await ctx.db.selectFrom('users').selectAll().where('role', '=', 'owner').orderBy('created_at').orderBy('id').executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Deletes the account with its sessions, tokens, links and shares. */
export async function removeUser(ctx: StoreContext, idOrName: string): Promise<void> {
  await inWriteTransaction(ctx.db, async (trx) => {
    const row = await requireRow(trx, idOrName);
    if (row.role === 'owner' && (await otherOwners(trx, ctx.dialect, row.id)) === 0) throw new LastOwnerError(row.name, 'remove');
    // Explicit rather than relying on the cascade: SQLite enforces it only with foreign_keys on.
    for (const table of ['sessions', 'api_tokens', 'login_links', 'notebook_shares'] as const) {
      await trx.deleteFrom(table).where('user_id', '=', row.id).execute();
    }
    await trx.deleteFrom('users').where('id', '=', row.id).execute();
  });
}

export async function setUserRole(ctx: StoreContext, idOrName: string, role: Role): Promise<User> {
  const parsedRole = parseInput(roleSchema, role, 'setUserRole: role');
  const id = await inWriteTransaction(ctx.db, async (trx) => {
    const row = await requireRow(trx, idOrName);
    if (row.role === 'owner' && parsedRole !== 'owner' && (await otherOwners(trx, ctx.dialect, row.id)) === 0) throw new LastOwnerError(row.name, 'demote');
    await trx.updateTable('users').set({ role: parsedRole, updated_at: ctx.now() }).where('id', '=', row.id).execute();
    return row.id;
  });
  return getUser(ctx, id);
}

export async function setUserPassword(ctx: StoreContext, idOrName: string, password: string): Promise<User> {
  const hash = await hashPassword(parseInput(passwordSchema, password, 'setUserPassword: password'));
  const row = await requireRow(ctx.db, idOrName);
  await ctx.db.updateTable('users').set({ password_hash: hash, updated_at: ctx.now() }).where('id', '=', row.id).execute();
  return getUser(ctx, row.id);
}

/** The user when `password` is theirs; undefined for an unknown name, no password, or a wrong one. */
export async function checkPassword(ctx: StoreContext, name: string, password: string): Promise<User | undefined> {
  const row = await ctx.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row?.password_hash) return undefined;
  return (await verifyPassword(password, row.password_hash)) ? toUser(row) : undefined;
}

async function findRow(db: Kysely<Database>, idOrName: string): Promise<Selectable<UsersTable> | undefined> {
  return db.selectFrom('users').selectAll().where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)])).executeTakeFirst();
}

async function requireRow(db: Kysely<Database>, idOrName: string): Promise<Selectable<UsersTable>> {
  const row = await findRow(db, idOrName);
  if (!row) throw new UnknownUserError(idOrName);
  return row;
}

/**
 * Owners other than `userId`, inside a write transaction. PostgreSQL locks the owner rows first, so
 * two transactions demoting two owners at once cannot both count the other (SQLite's BEGIN
 * IMMEDIATE already runs writers one at a time).
 */
async function otherOwners(db: Kysely<Database>, dialect: StoreDialect, userId: string): Promise<number> {
  let owners = db.selectFrom('users').select('id').where('role', '=', 'owner');
  if (dialect === 'postgres') owners = owners.forUpdate();
  return (await owners.execute()).filter((row) => row.id !== userId).length;
}

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    hasPassword: row.password_hash !== null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
