/**
 * Jobs by the time they last changed: the server's job subscriptions poll for jobs updated since a
 * cursor (`jobsUpdatedSince`), which without this index scans the whole table on every poll.
 */
import type { Kysely, Migration } from 'kysely';

export function jobsByUpdateMigration(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('jobs_updated_at').on('jobs').columns(['updated_at', 'id']).execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('jobs_updated_at').execute();
    },
  };
}
