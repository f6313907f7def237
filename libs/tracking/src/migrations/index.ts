/**
 * Versioned migrations, provided in code (no migration folder to ship or find at run time) and run by
 * Kysely's Migrator every time a store is opened. Applied migrations are recorded in
 * `protoscope_migration`; opening an up-to-date store applies nothing. A new migration is one file
 * `NNNN-name.ts` here plus one line in `MIGRATIONS`; applied ones are never edited.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { errorText } from '../dialect';
import { MigrationError } from '../errors';
import type { StoreDialect } from '../url';
import { initialMigration } from './0001-initial';
import { datasetsNotebooksMigration } from './0002-datasets-notebooks';
import { jobsByUpdateMigration } from './0003-jobs-by-update';
import { accountsMigration } from './0004-accounts';
import { collabMigration } from './0005-collab';
import { datasetLocationsMigration } from './0006-dataset-locations';
import { changeNotificationsMigration } from './0007-change-notifications';
import { sweepsMigration } from './0009-sweeps';
import { jobAttemptsMigration } from './0008-job-attempts';
import { saliencyKindsPairsMigration } from './0010-saliency-kinds-pairs';
import { prototypeNearestPatchesMigration } from './0011-prototype-nearest-patches';
import { metricLatestMigration } from './0012-metric-latest';

export const MIGRATION_TABLE = 'protoscope_migration';
export const MIGRATION_LOCK_TABLE = 'protoscope_migration_lock';

/** What a migration may need beyond the dialect. */
export interface MigrationContext {
  /** The store's data root (dataset locations are relative to it). */
  dataRoot: string;
}

const MIGRATIONS: Record<string, (dialect: StoreDialect, context: MigrationContext) => Migration> = {
  '0001-initial': initialMigration,
  '0002-datasets-notebooks': datasetsNotebooksMigration,
  '0003-jobs-by-update': jobsByUpdateMigration,
  '0004-accounts': accountsMigration,
  '0005-collab': collabMigration,
  '0006-dataset-locations': (_dialect, context) => datasetLocationsMigration(context),
  '0007-change-notifications': changeNotificationsMigration,
  '0008-job-attempts': jobAttemptsMigration,
  '0009-sweeps': sweepsMigration,
  '0010-saliency-kinds-pairs': saliencyKindsPairsMigration,
  '0011-prototype-nearest-patches': prototypeNearestPatchesMigration,
  '0012-metric-latest': metricLatestMigration,
};

/** The names of every migration this version of the code knows, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

export function migrationProvider(dialect: StoreDialect, context: MigrationContext): MigrationProvider {
  return {
    async getMigrations() {
      return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(dialect, context)]));
    },
  };
}

export interface MigrateOptions {
  dialect: StoreDialect;
  /** PostgreSQL schema holding the tables (the migration tables go there too). */
  schema?: string;
  /** For messages. */
  displayUrl: string;
  /** The store's data root, for migrations that record dataset locations. */
  dataRoot: string;
}

/**
 * Brings the store to the latest migration and returns the names of the migrations it applied (empty
 * when the store was up to date). Several processes may open a fresh store at once: PostgreSQL
 * serialises them with an advisory lock; on SQLite each migration, with its check of what is already
 * applied, runs in a `BEGIN IMMEDIATE` transaction (dialect.ts), so they queue on the write lock.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator works on an untyped Kysely
export async function migrateToLatest(db: Kysely<any>, options: MigrateOptions): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(options.dialect, { dataRoot: options.dataRoot }),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(options.dialect === 'postgres' ? { migrationTableSchema: options.schema ?? 'public' } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    if (attempt < 5 && isSqliteBusy(error)) {
      // Another process held the write lock for longer than the busy timeout (a long migration).
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      continue;
    }
    const message = errorText(error);
    if (/corrupted migrations: previously executed migration .* is missing/.test(message)) {
      throw new MigrationError(
        options.displayUrl,
        failed,
        `the store has migrations this version of Protoscope does not know (${message}); ` +
          'it was written by a newer version — upgrade Protoscope',
        { cause: error },
      );
    }
    throw new MigrationError(options.displayUrl, failed, message, { cause: error });
  }
}

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
