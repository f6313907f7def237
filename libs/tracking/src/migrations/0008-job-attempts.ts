/**
 * Job attempts and backends. `attempt_token` names the attempt that holds a job now (a new one at
 * every claim); every write of the job's results carries it and is refused once another attempt took
 * the job over (jobs-fence.ts). `backend` says which queue delivers the job: `embedded` (claimed from
 * this table) or `bullmq` (delivered by BullMQ on Redis; this row stays the job's state).
 */
import type { Kysely, Migration } from 'kysely';

export function jobAttemptsMigration(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('jobs').addColumn('attempt_token', 'text').execute();
      await db.schema.alterTable('jobs').addColumn('backend', 'text', (col) => col.notNull().defaultTo('embedded')).execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('jobs').dropColumn('backend').execute();
      await db.schema.alterTable('jobs').dropColumn('attempt_token').execute();
    },
  };
}
