/**
 * Live co-editing: the Yjs state of each notebook's document (written through to the `cells` rows,
 * which gain a `version` counting their content changes), comment threads on cells, and history
 * snapshots of a notebook's cells. A document's state is the source of truth once it exists; rows
 * are its readable copy.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../url';

export function collabMigration(dialect: StoreDialect): Migration {
  const pg = dialect === 'postgres';
  const bigint = pg ? 'bigint' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  const blob = pg ? 'bytea' : 'blob';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('notebook_documents')
        .addColumn('notebook_id', 'text', (col) => col.primaryKey().references('notebooks.id').onDelete('cascade'))
        .addColumn('state', blob, (col) => col.notNull())
        .addColumn('updated_at', bigint, (col) => col.notNull())
        .execute();

      await db.schema.alterTable('cells').addColumn('version', 'integer', (col) => col.notNull().defaultTo(sql`1`)).execute();

      await db.schema
        .createTable('comment_threads')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('notebook_id', 'text', (col) => col.notNull().references('notebooks.id').onDelete('cascade'))
        // No foreign key to cells: a thread outlives its cell's deletion (a restore brings the cell back).
        .addColumn('cell_id', 'text', (col) => col.notNull())
        .addColumn('resolved_at', bigint)
        .addColumn('resolved_by', 'text')
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addColumn('updated_at', bigint, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('comment_threads_cell').on('comment_threads').columns(['cell_id', 'created_at']).execute();
      await db.schema.createIndex('comment_threads_notebook').on('comment_threads').columns(['notebook_id', 'updated_at']).execute();

      await db.schema
        .createTable('comments')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('thread_id', 'text', (col) => col.notNull().references('comment_threads.id').onDelete('cascade'))
        .addColumn('author_id', 'text')
        .addColumn('author_name', 'text', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        .addColumn('created_at', bigint, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('comments_thread').on('comments').columns(['thread_id', 'created_at']).execute();

      await db.schema
        .createTable('notebook_versions')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('notebook_id', 'text', (col) => col.notNull().references('notebooks.id').onDelete('cascade'))
        // Per notebook 1, 2, 3…: what people call a version.
        .addColumn('number', 'integer', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('label', 'text')
        .addColumn('author_id', 'text')
        .addColumn('author_name', 'text')
        .addColumn('cells', json, (col) => col.notNull())
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addUniqueConstraint('notebook_versions_number', ['notebook_id', 'number'])
        .execute();
    },
  };
}
