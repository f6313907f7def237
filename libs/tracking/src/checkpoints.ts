/**
 * Checkpoints: the model weights at a step, as an artifact, optionally marked as the best so far on a
 * validation metric. Rows are only added: a new best does not unmark older ones, and the best
 * checkpoint is the latest one marked best.
 */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { assertArtifactsRegistered } from './artifacts';
import type { StoreContext } from './context';
import { boolValue, inWriteTransaction } from './dialect';
import { insertMetricRows, metricRows, type MetricInput } from './metrics';
import { assertRunExists } from './runs';
import type { CheckpointsTable } from './schema';
import { count, optionalText, parseInput } from './validation';

export interface CheckpointInput {
  step: number;
  epoch?: number | null;
  /** The hash returned by putArtifact for the serialised weights. */
  artifact: string;
  isBest?: boolean;
  /** The metric that made it best (e.g. `val/auc`) and its value. */
  metricKey?: string | null;
  metricValue?: number | null;
  /** The training stage (`warmup`, `joint`, `push`, `last-layer`, ...). */
  stage?: string | null;
}

export interface Checkpoint {
  id: number;
  runId: string;
  step: number;
  epoch: number | null;
  artifact: string;
  isBest: boolean;
  metricKey: string | null;
  metricValue: number | null;
  stage: string | null;
  createdAt: Date;
}

const checkpointSchema = z.object({
  step: count,
  epoch: count.nullable().optional(),
  artifact: z.string(),
  isBest: z.boolean().optional(),
  metricKey: optionalText,
  metricValue: z.number().nullable().optional(),
  stage: optionalText,
});

/**
 * Saves a checkpoint and, in the same transaction, `closing`: the metric points of the epoch it
 * closes. A resumed run starts from its latest checkpoint and logs what came after it again; an
 * epoch's points stored without the checkpoint that follows them (a worker cut off in between) would
 * then stand twice.
 */
export async function saveCheckpoint(ctx: StoreContext, runId: string, input: CheckpointInput, closing: readonly MetricInput[] = []): Promise<Checkpoint> {
  const parsed = parseInput(checkpointSchema, input, 'saveCheckpoint');
  const rows = metricRows(ctx, runId, closing, 'saveCheckpoint (closing metrics)');
  const id = await inWriteTransaction(ctx.db, async (trx) => {
    await assertRunExists(trx, ctx.displayUrl, runId);
    await assertArtifactsRegistered(trx, ctx.displayUrl, [parsed.artifact], `checkpoint at step ${parsed.step}`);
    await insertMetricRows(trx, rows);
    const row = await trx
      .insertInto('checkpoints')
      .values({
        run_id: runId,
        step: parsed.step,
        epoch: parsed.epoch ?? null,
        artifact_hash: parsed.artifact,
        is_best: boolValue(ctx.dialect, parsed.isBest ?? false),
        metric_key: parsed.metricKey ?? null,
        metric_value: parsed.metricValue ?? null,
        stage: parsed.stage ?? null,
        created_at: ctx.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  const row = await ctx.db.selectFrom('checkpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return toCheckpoint(row);
}

/** The checkpoint with the highest step (the last saved among equal steps), or null. */
export async function latestCheckpoint(ctx: StoreContext, runId: string): Promise<Checkpoint | null> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const row = await ctx.db
    .selectFrom('checkpoints')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('step', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toCheckpoint(row) : null;
}

/** The latest checkpoint marked best, or null. */
export async function bestCheckpoint(ctx: StoreContext, runId: string): Promise<Checkpoint | null> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const row = await ctx.db
    .selectFrom('checkpoints')
    .selectAll()
    .where('run_id', '=', runId)
    .where('is_best', '=', boolValue(ctx.dialect, true))
    .orderBy('step', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toCheckpoint(row) : null;
}

/** All checkpoints of the run by step. */
export async function listCheckpoints(ctx: StoreContext, runId: string): Promise<Checkpoint[]> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const rows = await ctx.db
    .selectFrom('checkpoints')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('step')
    .orderBy('id')
    .execute();
  return rows.map(toCheckpoint);
}

function toCheckpoint(row: Selectable<CheckpointsTable>): Checkpoint {
  return {
    id: row.id,
    runId: row.run_id,
    step: row.step,
    epoch: row.epoch,
    artifact: row.artifact_hash,
    isBest: Boolean(row.is_best),
    metricKey: row.metric_key,
    metricValue: row.metric_value,
    stage: row.stage,
    createdAt: new Date(row.created_at),
  };
}
