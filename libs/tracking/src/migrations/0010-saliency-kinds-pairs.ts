/**
 * Saliency maps get a kind and, for two-view models, their pair: `kind` (`saliency`, `attention` or
 * `lesion`), `view` (the view of the image the map lies on, e.g. CC or MLO), `paired_image_id` (the
 * other image of the pair) and `query_x` / `query_y` (for cross-attention maps: the point of the paired
 * image the attention was read from; null for the mean over that whole view). Rows written before
 * are classified by their method, and a pair recorded in `params.pairedWith` moves to its column.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../url';

/** The kind of maps stored before kinds existed, by method (as `protoscope explain` writes them now). */
export const KIND_OF_EARLIER_METHODS: ReadonlyArray<{ kind: string; methods: string[]; methodPrefix?: string }> = [
  { kind: 'attention', methods: ['cross-attention', 'ham'] },
  { kind: 'lesion', methods: ['finding-maps'], methodPrefix: 'finding-maps:' },
];

export function saliencyKindsPairsMigration(dialect: StoreDialect): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('saliency_maps').addColumn('kind', 'text', (c) => c.notNull().defaultTo('saliency')).execute();
      await db.schema.alterTable('saliency_maps').addColumn('view', 'text').execute();
      await db.schema.alterTable('saliency_maps').addColumn('paired_image_id', 'text').execute();
      await db.schema.alterTable('saliency_maps').addColumn('query_x', 'double precision').execute();
      await db.schema.alterTable('saliency_maps').addColumn('query_y', 'double precision').execute();
      for (const { kind, methods, methodPrefix } of KIND_OF_EARLIER_METHODS) {
        await db
          .updateTable('saliency_maps')
          .set({ kind })
          .where((eb) => eb.or([eb('method', 'in', methods), ...(methodPrefix ? [eb('method', 'like', `${methodPrefix}%`)] : [])]))
          .execute();
      }
      const pairedWith = dialect === 'postgres' ? sql`(params::jsonb ->> 'pairedWith')` : sql`json_extract(params, '$.pairedWith')`;
      await db.updateTable('saliency_maps').set({ paired_image_id: pairedWith }).execute();
      await db.schema.createIndex('saliency_maps_run_paired_image').on('saliency_maps').columns(['run_id', 'paired_image_id']).execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('saliency_maps_run_paired_image').execute();
      for (const column of ['query_y', 'query_x', 'paired_image_id', 'view', 'kind']) await db.schema.alterTable('saliency_maps').dropColumn(column).execute();
    },
  };
}
