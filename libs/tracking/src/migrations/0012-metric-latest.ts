/**
 * Reads of metrics at scale. `metric_latest` holds, per (run, key), the latest point (highest step,
 * the last logged among equal steps), kept by a trigger on every insert into `metrics`, so the runs
 * page, `latestMetrics` and a run's metric keys read one row per key instead of walking histories.
 * The history index gains the insertion order (`id`) after the step, so a history — whole, or thinned
 * by a window over it — is read in index order without a sort.
 *
 * SQLite has only row triggers: each inserted point upserts its pair. PostgreSQL runs one statement
 * per insert statement over its new rows (a transition table), so a batch of points costs one upsert
 * per pair. The row is replaced only by a later point, so concurrent writers cannot move it back.
 * A metrics row deleted (with its run) takes its `metric_latest` row with it.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../url';

const LATER = 'excluded.step > metric_latest.step OR (excluded.step = metric_latest.step AND excluded.metric_id > metric_latest.metric_id)';
const UPSERT_SET = 'metric_id = excluded.metric_id, step = excluded.step, epoch = excluded.epoch, value = excluded.value, wall_time = excluded.wall_time';

export function metricLatestMigration(dialect: StoreDialect): Migration {
  const pg = dialect === 'postgres';
  const bigint = pg ? 'bigint' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('metric_latest')
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('metric_id', bigint, (col) => col.notNull().references('metrics.id').onDelete('cascade'))
        .addColumn('step', bigint, (col) => col.notNull())
        .addColumn('epoch', bigint)
        .addColumn('value', pg ? 'double precision' : 'real')
        .addColumn('wall_time', bigint, (col) => col.notNull())
        .addPrimaryKeyConstraint('metric_latest_pk', ['run_id', 'key'])
        .execute();
      // Deleting a metrics row looks its latest row up by metric_id (the cascade).
      await db.schema.createIndex('metric_latest_metric').on('metric_latest').column('metric_id').unique().execute();
      await sql`
        insert into metric_latest (run_id, key, metric_id, step, epoch, value, wall_time)
        select m.run_id, m.key, m.id, m.step, m.epoch, m.value, m.wall_time
        from (select distinct run_id, key from metrics) p
        join metrics m on m.id = (select m2.id from metrics m2 where m2.run_id = p.run_id and m2.key = p.key order by m2.step desc, m2.id desc limit 1)`.execute(db);
      if (pg) {
        await sql
          .raw(
            `CREATE FUNCTION protoscope_metric_latest() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               INSERT INTO metric_latest (run_id, key, metric_id, step, epoch, value, wall_time)
               SELECT DISTINCT ON (run_id, key) run_id, key, id, step, epoch, value, wall_time
               FROM new_metrics ORDER BY run_id, key, step DESC, id DESC
               ON CONFLICT (run_id, key) DO UPDATE SET ${UPSERT_SET} WHERE ${LATER};
               RETURN NULL;
             END $$`,
          )
          .execute(db);
        await sql
          .raw(
            'CREATE TRIGGER metrics_latest AFTER INSERT ON metrics REFERENCING NEW TABLE AS new_metrics FOR EACH STATEMENT EXECUTE FUNCTION protoscope_metric_latest()',
          )
          .execute(db);
      } else {
        await sql
          .raw(
            `CREATE TRIGGER metrics_latest AFTER INSERT ON metrics BEGIN
               INSERT INTO metric_latest (run_id, key, metric_id, step, epoch, value, wall_time)
               VALUES (NEW.run_id, NEW.key, NEW.id, NEW.step, NEW.epoch, NEW.value, NEW.wall_time)
               ON CONFLICT (run_id, key) DO UPDATE SET ${UPSERT_SET} WHERE ${LATER};
             END`,
          )
          .execute(db);
      }
      await db.schema.createIndex('metrics_run_key_step_seq').on('metrics').columns(['run_id', 'key', 'step', 'id']).execute();
      await db.schema.dropIndex('metrics_run_key_step').execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('metrics_run_key_step').on('metrics').columns(['run_id', 'key', 'step']).execute();
      await db.schema.dropIndex('metrics_run_key_step_seq').execute();
      if (pg) {
        await sql.raw('DROP TRIGGER metrics_latest ON metrics').execute(db);
        await sql.raw('DROP FUNCTION protoscope_metric_latest()').execute(db);
      } else {
        await sql.raw('DROP TRIGGER metrics_latest').execute(db);
      }
      await db.schema.dropTable('metric_latest').execute();
    },
  };
}
