/**
 * Change notifications on PostgreSQL: triggers send `NOTIFY protoscope_changes` with
 * `<schema>/run/<id>` when a metric point of a run is logged or a run changes, and `<schema>/job/<id>`
 * when a job changes. They fire inside the writing transaction and are delivered at its commit, so a
 * listener never hears of a change it cannot read yet; PostgreSQL sends identical payloads of one
 * transaction once, so a batch of metric points is one notification. Every writer notifies, whatever
 * process or machine it runs on. SQLite has no notifications: its readers poll.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../url';

export const CHANGE_CHANNEL = 'protoscope_changes';

const TRIGGERS: ReadonlyArray<{ table: string; events: string }> = [
  { table: 'metrics', events: 'INSERT' },
  { table: 'runs', events: 'INSERT OR UPDATE' },
  { table: 'jobs', events: 'INSERT OR UPDATE' },
];

export function changeNotificationsMigration(dialect: StoreDialect): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql
        .raw(
          `CREATE FUNCTION protoscope_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF TG_TABLE_NAME = 'metrics' THEN
               PERFORM pg_notify('${CHANGE_CHANNEL}', TG_TABLE_SCHEMA || '/run/' || NEW.run_id);
             ELSIF TG_TABLE_NAME = 'runs' THEN
               PERFORM pg_notify('${CHANGE_CHANNEL}', TG_TABLE_SCHEMA || '/run/' || NEW.id);
             ELSE
               PERFORM pg_notify('${CHANGE_CHANNEL}', TG_TABLE_SCHEMA || '/job/' || NEW.id::text);
             END IF;
             RETURN NULL;
           END $$`,
        )
        .execute(db);
      for (const { table, events } of TRIGGERS) {
        await sql
          .raw(`CREATE TRIGGER ${table}_notify_change AFTER ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION protoscope_notify_change()`)
          .execute(db);
      }
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async down(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      for (const { table } of TRIGGERS) await sql.raw(`DROP TRIGGER ${table}_notify_change ON ${table}`).execute(db);
      await sql.raw('DROP FUNCTION protoscope_notify_change()').execute(db);
    },
  };
}
