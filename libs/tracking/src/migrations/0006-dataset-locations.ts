/**
 * Datasets by location instead of absolute path: `datasets.path` (a machine's absolute folder) becomes
 * `datasets.location`, the folder relative to the store's data root (dataset-location.ts). A folder
 * recorded on another machine is found by its place under a `datasets` folder (`…/datasets/<id>` →
 * `<id>`), which is where the workers put every dataset they generate or import; anything else is
 * recorded relative to this store's data root.
 */
import * as path from 'node:path';
import type { Kysely, Migration } from 'kysely';
import { locationOfFolder } from '../dataset-location';

export interface DatasetLocationsContext {
  /** The data root of the store being migrated. */
  dataRoot: string;
}

/** The location of an old absolute `path` (exported for its test). */
export function locationOfRecordedPath(recorded: string, dataRoot: string): string {
  const absolute = path.resolve(recorded);
  const relative = path.relative(dataRoot, absolute);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return locationOfFolder(absolute, dataRoot);
  const parts = recorded.split(/[\\/]+/).filter((part) => part !== '');
  const under = parts.lastIndexOf('datasets');
  if (under >= 0 && under < parts.length - 1) return parts.slice(under + 1).join('/');
  return locationOfFolder(absolute, dataRoot);
}

export function datasetLocationsMigration(context: DatasetLocationsContext): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('datasets').addColumn('location', 'text').execute();
      const rows = (await db.selectFrom('datasets').select(['id', 'path']).execute()) as Array<{ id: string; path: string }>;
      for (const row of rows) {
        await db
          .updateTable('datasets')
          .set({ location: locationOfRecordedPath(row.path, context.dataRoot) })
          .where('id', '=', row.id)
          .execute();
      }
      await db.schema.alterTable('datasets').dropColumn('path').execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('datasets').addColumn('path', 'text').execute();
      const rows = (await db.selectFrom('datasets').select(['id', 'location']).execute()) as Array<{ id: string; location: string }>;
      for (const row of rows) {
        await db
          .updateTable('datasets')
          .set({ path: path.resolve(context.dataRoot, row.location) })
          .where('id', '=', row.id)
          .execute();
      }
      await db.schema.alterTable('datasets').dropColumn('location').execute();
    },
  };
}
