/**
 * Hyper-parameter sweeps: a `sweeps` table (what to try, how, and the controller's advance lease), and
 * trials as runs: `runs.sweep_id`, `sweep_trial` (the trial's index in the sweep) and `sweep_rung`
 * (the successive-halving rung the run has been asked to reach; 0 outside ASHA). The unique index on
 * (sweep_id, sweep_trial) means two controllers can never create the same trial twice; a promotion to
 * the next rung is a conditional update of `sweep_rung`, so it too happens once.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../url';

export const SWEEP_STRATEGIES = ['grid', 'random', 'asha'] as const;
export const SWEEP_STATUSES = ['running', 'finished', 'cancelled', 'failed'] as const;
export const SWEEP_MODES = ['max', 'min'] as const;

function inList(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}

export function sweepsMigration(dialect: StoreDialect): Migration {
  const pg = dialect === 'postgres';
  const bigint = pg ? 'bigint' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('sweeps')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text')
        .addColumn('method', 'text', (col) => col.notNull())
        .addColumn('dataset', 'text', (col) => col.notNull())
        .addColumn('strategy', 'text', (col) => col.notNull().check(inList('strategy', SWEEP_STRATEGIES)))
        .addColumn('space', json, (col) => col.notNull())
        .addColumn('settings', json, (col) => col.notNull())
        .addColumn('budget', 'integer')
        .addColumn('max_parallel', 'integer', (col) => col.notNull())
        .addColumn('metric', 'text', (col) => col.notNull())
        .addColumn('mode', 'text', (col) => col.notNull().check(inList('mode', SWEEP_MODES)))
        .addColumn('seed', 'integer', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull().check(inList('status', SWEEP_STATUSES)))
        .addColumn('error', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', bigint, (col) => col.notNull())
        .addColumn('updated_at', bigint, (col) => col.notNull())
        .addColumn('finished_at', bigint)
        .addColumn('advance_owner', 'text')
        .addColumn('advance_expires_at', bigint)
        .addColumn('advance_pending', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('sweeps_created').on('sweeps').column('created_at').execute();

      await db.schema.alterTable('runs').addColumn('sweep_id', 'text', (col) => col.references('sweeps.id').onDelete('set null')).execute();
      await db.schema.alterTable('runs').addColumn('sweep_trial', 'integer').execute();
      await db.schema.alterTable('runs').addColumn('sweep_rung', 'integer').execute();
      await db.schema.createIndex('runs_sweep_trial').on('runs').columns(['sweep_id', 'sweep_trial']).unique().execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('runs_sweep_trial').execute();
      for (const column of ['sweep_rung', 'sweep_trial', 'sweep_id']) await db.schema.alterTable('runs').dropColumn(column).execute();
      await db.schema.dropIndex('sweeps_created').execute();
      await db.schema.dropTable('sweeps').execute();
    },
  };
}
