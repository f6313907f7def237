/**
 * Accounts: users (scrypt password hashes), browser sessions, API tokens and one-time login links
 * (each stored only as the SHA-256 of its secret, so a copy of the database signs nobody in), and
 * per-notebook shares that raise or lower a user's workspace role on one notebook.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../url';

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export const TOKEN_SCOPES = ['read', 'write', 'worker'] as const;
export const SHARE_ACCESS = ['none', 'read', 'write'] as const;

function inList(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}

export function accountsMigration(dialect: StoreDialect): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('role', 'text', (col) => col.notNull().check(inList('role', ROLES)))
        .addColumn('password_hash', 'text')
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addColumn('updated_at', bigint, (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('secret_hash', 'text', (col) => col.notNull().unique())
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addColumn('expires_at', bigint, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('scope', 'text', (col) => col.notNull().check(inList('scope', TOKEN_SCOPES)))
        .addColumn('secret_hash', 'text', (col) => col.notNull().unique())
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addColumn('revoked_at', bigint)
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

      await db.schema
        .createTable('login_links')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('secret_hash', 'text', (col) => col.notNull().unique())
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addColumn('expires_at', bigint, (col) => col.notNull())
        .addColumn('used_at', bigint)
        .execute();

      await db.schema
        .createTable('notebook_shares')
        .addColumn('notebook_id', 'text', (col) => col.notNull().references('notebooks.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('access', 'text', (col) => col.notNull().check(inList('access', SHARE_ACCESS)))
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addPrimaryKeyConstraint('notebook_shares_pk', ['notebook_id', 'user_id'])
        .execute();
      await db.schema.createIndex('notebook_shares_user').on('notebook_shares').column('user_id').execute();
    },
  };
}
