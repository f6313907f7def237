/**
 * Predictions per image: for a run, a split and (optionally) the step of the checkpoint that made
 * them, each image's label and scores. A set is saved whole: saving (run, split, step) again replaces
 * the earlier set, so re-running an evaluation never doubles rows.
 */
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError } from './errors';
import { decodeJson, decodeJsonOrNull, encodeJson, toJsonValue, type JsonValue } from './json';
import { assertRunExists } from './runs';
import type { PredictionsTable } from './schema';
import { count, nonEmptyText, parseInput } from './validation';

export interface PredictionInput {
  imageId: string;
  /** The ground truth: a class index, a multi-label 0/1 vector, … (any JSON), or null if unknown. */
  label?: JsonValue;
  /** The predicted class index, when the task has one. */
  predicted?: number | null;
  /** Class probabilities or logits (a number for a binary score). */
  scores: number | readonly number[];
}

export interface Prediction {
  id: number;
  runId: string;
  split: string;
  step: number | null;
  imageId: string;
  label: JsonValue;
  predicted: number | null;
  scores: number | number[];
  createdAt: Date;
}

export interface PredictionSet {
  split: string;
  /** The step of the checkpoint that produced them; null for "the run's final model". */
  step?: number | null;
}

const setSchema = z.object({ split: nonEmptyText, step: count.nullable().optional() });
const predictionSchema = z.object({
  imageId: nonEmptyText,
  predicted: z.number().int().nullable().optional(),
  scores: z.union([z.number(), z.array(z.number())]),
});

const ROWS_PER_INSERT = 500;

export async function savePredictions(
  ctx: StoreContext,
  runId: string,
  set: PredictionSet,
  predictions: readonly PredictionInput[],
): Promise<number> {
  const { split, step = null } = parseInput(setSchema, set, 'savePredictions');
  if (!Array.isArray(predictions)) throw new InvalidInputError('savePredictions needs an array of predictions');
  const now = ctx.now();
  const rows = predictions.map((input, i): Omit<PredictionsTable, 'id'> => {
    const p = parseInput(predictionSchema, input, `savePredictions: prediction ${i}`);
    const label = input.label === undefined ? null : toJsonValue(input.label, `savePredictions: prediction ${i} label`);
    return {
      run_id: runId,
      split,
      step,
      image_id: p.imageId,
      label: label === null ? null : encodeJson(label),
      predicted: p.predicted ?? null,
      scores: encodeJson(p.scores),
      created_at: now,
    };
  });
  await inWriteTransaction(ctx.db, async (trx) => {
    await assertRunExists(trx, ctx.displayUrl, runId);
    await trx
      .deleteFrom('predictions')
      .where('run_id', '=', runId)
      .where('split', '=', split)
      .where('step', step === null ? 'is' : '=', step)
      .execute();
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto('predictions')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .execute();
    }
  });
  return rows.length;
}

/** The run's predictions, optionally of one split and/or step (null = the final-model set), by split, step, image. */
export async function listPredictions(
  ctx: StoreContext,
  runId: string,
  filter: { split?: string; step?: number | null; imageId?: string } = {},
): Promise<Prediction[]> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  let query = ctx.db.selectFrom('predictions').selectAll().where('run_id', '=', runId);
  if (filter.split !== undefined) query = query.where('split', '=', filter.split);
  if (filter.step !== undefined) query = query.where('step', filter.step === null ? 'is' : '=', filter.step);
  if (filter.imageId !== undefined) query = query.where('image_id', '=', filter.imageId);
  // coalesce: SQLite sorts NULL first and PostgreSQL last; the null-step set comes first on both.
  const rows = await query
    .orderBy('split')
    .orderBy(sql`coalesce(step, -1)`)
    .orderBy('image_id')
    .orderBy('id')
    .execute();
  return rows.map(toPrediction);
}

function toPrediction(row: Selectable<PredictionsTable>): Prediction {
  return {
    id: row.id,
    runId: row.run_id,
    split: row.split,
    step: row.step,
    imageId: row.image_id,
    label: decodeJsonOrNull(row.label),
    predicted: row.predicted,
    scores: decodeJson(row.scores) as number | number[],
    createdAt: new Date(row.created_at),
  };
}
