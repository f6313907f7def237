/**
 * Prototypes get `nearest_patches`: the training patches nearest to the prototype as pushed, recorded
 * at the push (JSON array, nearest first, each `{imageId, classIndex, box, distance}`). Null for
 * prototypes stored before, or pushes that did not record them.
 */
import type { Kysely, Migration } from 'kysely';

export function prototypeNearestPatchesMigration(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('prototypes').addColumn('nearest_patches', 'text').execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('prototypes').dropColumn('nearest_patches').execute();
    },
  };
}
