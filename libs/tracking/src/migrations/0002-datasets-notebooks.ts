/**
 * Datasets known to the store (a folder holding a `manifest.json`, registered when it is generated or
 * imported) and notebooks with their ordered cells. Cell positions are integers 0…n-1 kept contiguous
 * by notebooks.ts (every insert, move and delete renumbers inside one transaction), so ordering is a
 * plain `order by position`.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../url';

export function datasetsNotebooksMigration(dialect: StoreDialect): Migration {
  const pg = dialect === 'postgres';
  const bigint = pg ? 'bigint' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('datasets')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text')
        .addColumn('path', 'text', (col) => col.notNull())
        .addColumn('kind', 'text')
        .addColumn('origin', json, (col) => col.notNull())
        .addColumn('classes', json, (col) => col.notNull())
        .addColumn('image_count', bigint, (col) => col.notNull())
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addColumn('updated_at', bigint, (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('notebooks')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addColumn('updated_at', bigint, (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('cells')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('notebook_id', 'text', (col) => col.notNull().references('notebooks.id').onDelete('cascade'))
        .addColumn('position', 'integer', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('spec', json, (col) => col.notNull())
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addColumn('updated_at', bigint, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('cells_notebook_position').on('cells').columns(['notebook_id', 'position']).execute();
    },
  };
}
