/**
 * The first schema: runs (+ tags, params), append-only metric history, artifacts, checkpoints,
 * prototypes, predictions, saliency maps, evaluations and jobs. Notebooks and cells come in a later
 * migration. Column types differ per dialect only where they must (see `columnTypes`).
 */
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../url';

// Frozen: the statuses this migration allows, as they were. The app's live lists are in ../statuses.ts;
// a status added there needs a new migration that widens the check.
const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'cancelled'] as const;
const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

function columnTypes(dialect: StoreDialect) {
  const pg = dialect === 'postgres';
  return {
    bigint: pg ? 'bigint' : 'integer',
    float: pg ? 'double precision' : 'real',
    json: pg ? 'jsonb' : 'text',
    bool: pg ? 'boolean' : 'integer',
    false: pg ? sql`false` : sql`0`,
  } as const;
}

/** An identity key: `bigint generated always as identity` / `integer primary key autoincrement`. */
function withSerialId(dialect: StoreDialect) {
  return <T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> =>
    dialect === 'postgres'
      ? table.addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
      : table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
}

function inList(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}

export function initialMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  const serial = withSerialId(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migration signature
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text')
        .addColumn('method', 'text', (col) => col.notNull())
        .addColumn('dataset', 'text')
        .addColumn('config', t.json, (col) => col.notNull())
        .addColumn('seed', t.bigint)
        .addColumn('backend', 'text')
        .addColumn('status', 'text', (col) => col.notNull().check(inList('status', RUN_STATUSES)))
        .addColumn('error', 'text')
        .addColumn('git_commit', 'text')
        .addColumn('parent_run_id', 'text', (col) => col.references('runs.id').onDelete('set null'))
        .addColumn('resume_of_run_id', 'text', (col) => col.references('runs.id').onDelete('set null'))
        .addColumn('created_at', t.bigint, (col) => col.notNull())
        .addColumn('started_at', t.bigint)
        .addColumn('finished_at', t.bigint)
        .addColumn('heartbeat_at', t.bigint)
        .execute();
      await db.schema.createIndex('runs_status').on('runs').column('status').execute();
      await db.schema.createIndex('runs_method').on('runs').column('method').execute();
      await db.schema.createIndex('runs_created_at').on('runs').column('created_at').execute();
      await db.schema.createIndex('runs_parent').on('runs').column('parent_run_id').execute();

      await db.schema
        .createTable('run_tags')
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('tag', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('run_tags_pk', ['run_id', 'tag'])
        .execute();
      await db.schema.createIndex('run_tags_tag').on('run_tags').column('tag').execute();

      await db.schema
        .createTable('run_params')
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('value', 'text', (col) => col.notNull())
        .addColumn('value_type', 'text', (col) =>
          col.notNull().check(inList('value_type', ['string', 'number', 'boolean', 'null', 'json'])),
        )
        .addColumn('value_number', t.float)
        .addPrimaryKeyConstraint('run_params_pk', ['run_id', 'key'])
        .execute();
      await db.schema.createIndex('run_params_key_value').on('run_params').columns(['key', 'value']).execute();

      await db.schema
        .createTable('metrics')
        .$call(serial)
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('step', t.bigint, (col) => col.notNull())
        .addColumn('epoch', t.bigint)
        .addColumn('value', t.float)
        .addColumn('wall_time', t.bigint, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('metrics_run_key_step').on('metrics').columns(['run_id', 'key', 'step']).execute();
      // Metric history is append-only: the database itself refuses to rewrite a row.
      if (dialect === 'postgres') {
        await sql`
          create function protoscope_metrics_append_only() returns trigger language plpgsql as $$
          begin
            raise exception 'metrics are append-only: a logged metric row cannot be updated';
          end $$`.execute(db);
        await sql`
          create trigger metrics_append_only before update on metrics
          for each row execute function protoscope_metrics_append_only()`.execute(db);
      } else {
        await sql`
          create trigger metrics_append_only before update on metrics
          begin
            select raise(abort, 'metrics are append-only: a logged metric row cannot be updated');
          end`.execute(db);
      }

      await db.schema
        .createTable('artifacts')
        .addColumn('hash', 'text', (col) => col.primaryKey())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('media_type', 'text', (col) => col.notNull())
        .addColumn('size_bytes', t.bigint, (col) => col.notNull())
        .addColumn('created_at', t.bigint, (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('checkpoints')
        .$call(serial)
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('step', t.bigint, (col) => col.notNull())
        .addColumn('epoch', t.bigint)
        .addColumn('artifact_hash', 'text', (col) => col.notNull().references('artifacts.hash'))
        .addColumn('is_best', t.bool, (col) => col.notNull().defaultTo(t.false))
        .addColumn('metric_key', 'text')
        .addColumn('metric_value', t.float)
        .addColumn('stage', 'text')
        .addColumn('created_at', t.bigint, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('checkpoints_run_step').on('checkpoints').columns(['run_id', 'step']).execute();

      await db.schema
        .createTable('prototypes')
        .$call(serial)
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('push_step', t.bigint, (col) => col.notNull())
        .addColumn('push_epoch', t.bigint)
        .addColumn('proto_index', 'integer', (col) => col.notNull())
        .addColumn('class_index', 'integer')
        .addColumn('vector', t.json)
        .addColumn('vector_artifact', 'text', (col) => col.references('artifacts.hash'))
        .addColumn('source_image_id', 'text')
        .addColumn('source_split', 'text')
        .addColumn('latent_h', 'integer')
        .addColumn('latent_w', 'integer')
        .addColumn('rf_y0', 'integer')
        .addColumn('rf_y1', 'integer')
        .addColumn('rf_x0', 'integer')
        .addColumn('rf_x1', 'integer')
        .addColumn('act_y0', 'integer')
        .addColumn('act_y1', 'integer')
        .addColumn('act_x0', 'integer')
        .addColumn('act_x1', 'integer')
        .addColumn('patch_artifact', 'text', (col) => col.references('artifacts.hash'))
        .addColumn('activation_map_artifact', 'text', (col) => col.references('artifacts.hash'))
        .addColumn('distance', t.float)
        .addColumn('created_at', t.bigint, (col) => col.notNull())
        .addUniqueConstraint('prototypes_run_push_index', ['run_id', 'push_step', 'proto_index'])
        .execute();

      await db.schema
        .createTable('predictions')
        .$call(serial)
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('split', 'text', (col) => col.notNull())
        .addColumn('step', t.bigint)
        .addColumn('image_id', 'text', (col) => col.notNull())
        .addColumn('label', t.json)
        .addColumn('predicted', 'integer')
        .addColumn('scores', t.json, (col) => col.notNull())
        .addColumn('created_at', t.bigint, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('predictions_run_split_step')
        .on('predictions')
        .columns(['run_id', 'split', 'step'])
        .execute();
      await db.schema.createIndex('predictions_image').on('predictions').column('image_id').execute();

      await db.schema
        .createTable('saliency_maps')
        .$call(serial)
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('image_id', 'text', (col) => col.notNull())
        .addColumn('method', 'text', (col) => col.notNull())
        .addColumn('target', 'integer')
        .addColumn('step', t.bigint)
        .addColumn('heatmap_artifact', 'text', (col) => col.notNull().references('artifacts.hash'))
        .addColumn('height', 'integer')
        .addColumn('width', 'integer')
        .addColumn('params', t.json, (col) => col.notNull())
        .addColumn('metrics', t.json, (col) => col.notNull())
        .addColumn('created_at', t.bigint, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('saliency_maps_run_image_method')
        .on('saliency_maps')
        .columns(['run_id', 'image_id', 'method'])
        .execute();

      await db.schema
        .createTable('evaluations')
        .$call(serial)
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('method', 'text')
        .addColumn('split', 'text')
        .addColumn('step', t.bigint)
        .addColumn('metrics', t.json, (col) => col.notNull())
        .addColumn('created_at', t.bigint, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('evaluations_run_name').on('evaluations').columns(['run_id', 'name']).execute();

      await db.schema
        .createTable('jobs')
        .$call(serial)
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('payload', t.json, (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull().check(inList('status', JOB_STATUSES)))
        .addColumn('priority', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (col) => col.notNull().defaultTo(3))
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', t.bigint)
        .addColumn('available_at', t.bigint, (col) => col.notNull())
        .addColumn('progress', t.float)
        .addColumn('progress_message', 'text')
        .addColumn('result', t.json)
        .addColumn('error', 'text')
        .addColumn('run_id', 'text', (col) => col.references('runs.id').onDelete('set null'))
        .addColumn('created_at', t.bigint, (col) => col.notNull())
        .addColumn('updated_at', t.bigint, (col) => col.notNull())
        .addColumn('started_at', t.bigint)
        .addColumn('finished_at', t.bigint)
        .execute();
      await db.schema.createIndex('jobs_claim').on('jobs').columns(['status', 'available_at']).execute();
    },
  };
}
