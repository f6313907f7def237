/**
 * Explanations and their scores. A saliency map is one heatmap (an artifact) for one image, one
 * explanation method and one target class of a run's model, with the per-image metrics computed on it
 * (pointing game, energy in the lesion box, deletion AUC, …). An evaluation is a run-level summary
 * (e.g. the mean of a metric family over a split for one method).
 */
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { assertArtifactsRegistered } from './artifacts';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError, UnknownSaliencyMapError } from './errors';
import { decodeJson, encodeJson, toJsonObject, type JsonObject } from './json';
import { assertRunExists } from './runs';
import type { EvaluationsTable, SaliencyMapsTable } from './schema';
import { count, nonEmptyText, optionalText, parseInput } from './validation';

export interface SaliencyInput {
  imageId: string;
  /** The explanation method (`gradcam`, `integrated-gradients`, `prototype-activation`, …). */
  method: string;
  /** The class explained; null when the method has no target. */
  target?: number | null;
  /** The step of the checkpoint explained; null for the run's final model. */
  step?: number | null;
  /** Artifact hash of the heatmap. */
  heatmap: string;
  height?: number | null;
  width?: number | null;
  /** The method's options (layer, baseline, steps, …). */
  params?: object;
  /** Per-image scores of this map. */
  metrics?: object;
}

export interface SaliencyMap {
  id: number;
  runId: string;
  imageId: string;
  method: string;
  target: number | null;
  step: number | null;
  heatmap: string;
  height: number | null;
  width: number | null;
  params: JsonObject;
  metrics: JsonObject;
  createdAt: Date;
}

export interface SaliencyFilter {
  imageId?: string | readonly string[];
  method?: string | readonly string[];
  target?: number | null;
  step?: number | null;
}

const saliencySchema = z.object({
  imageId: nonEmptyText,
  method: nonEmptyText,
  target: z.number().int().nullable().optional(),
  step: count.nullable().optional(),
  heatmap: z.string(),
  height: count.nullable().optional(),
  width: count.nullable().optional(),
});

const ROWS_PER_INSERT = 200;

/** Appends saliency maps; returns their ids in input order. */
export async function saveSaliency(
  ctx: StoreContext,
  runId: string,
  maps: readonly SaliencyInput[],
): Promise<number[]> {
  if (!Array.isArray(maps)) throw new InvalidInputError('saveSaliency needs an array of saliency maps');
  const now = ctx.now();
  const rows = maps.map((input, i): Omit<SaliencyMapsTable, 'id'> => {
    const m = parseInput(saliencySchema, input, `saveSaliency: map ${i}`);
    return {
      run_id: runId,
      image_id: m.imageId,
      method: m.method,
      target: m.target ?? null,
      step: m.step ?? null,
      heatmap_artifact: m.heatmap,
      height: m.height ?? null,
      width: m.width ?? null,
      params: encodeJson(toJsonObject(input.params ?? {}, `saveSaliency: map ${i} params`)),
      metrics: encodeJson(toJsonObject(input.metrics ?? {}, `saveSaliency: map ${i} metrics`)),
      created_at: now,
    };
  });
  return inWriteTransaction(ctx.db, async (trx) => {
    await assertRunExists(trx, ctx.displayUrl, runId);
    await assertArtifactsRegistered(trx, ctx.displayUrl, rows.map((r) => r.heatmap_artifact), 'a saliency map');
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const inserted = await trx
        .insertInto('saliency_maps')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .returning('id')
        .execute();
      ids.push(...inserted.map((r) => r.id));
    }
    return ids;
  });
}

/** The run's saliency maps matching the filter, by image, method, target, then insertion. */
export async function listSaliency(ctx: StoreContext, runId: string, filter: SaliencyFilter = {}): Promise<SaliencyMap[]> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const list = (v: string | readonly string[] | undefined): string[] | undefined =>
    v === undefined ? undefined : typeof v === 'string' ? [v] : [...v];
  const images = list(filter.imageId);
  const methods = list(filter.method);
  if (images?.length === 0 || methods?.length === 0) return [];
  let query = ctx.db.selectFrom('saliency_maps').selectAll().where('run_id', '=', runId);
  if (images) query = query.where('image_id', 'in', images);
  if (methods) query = query.where('method', 'in', methods);
  if (filter.target !== undefined) query = query.where('target', filter.target === null ? 'is' : '=', filter.target);
  if (filter.step !== undefined) query = query.where('step', filter.step === null ? 'is' : '=', filter.step);
  const rows = await query
    .orderBy('image_id')
    .orderBy('method')
    .orderBy(sql`coalesce(target, -1)`)
    .orderBy('id')
    .execute();
  return rows.map(toSaliencyMap);
}

/** The saliency map with this id (as `saveSaliency` returned it); throws UnknownSaliencyMapError when there is none. */
export async function getSaliencyMap(ctx: StoreContext, id: number): Promise<SaliencyMap> {
  const map = await findSaliencyMap(ctx, id);
  if (!map) throw new UnknownSaliencyMapError(id, ctx.displayUrl);
  return map;
}

/** The saliency map with this id, or undefined when there is none. */
export async function findSaliencyMap(ctx: StoreContext, id: number): Promise<SaliencyMap | undefined> {
  // Checked here because PostgreSQL would reject a fractional id with a driver error, SQLite silently find nothing.
  if (!Number.isSafeInteger(id)) throw new InvalidInputError(`a saliency map id is a whole number, got ${id}`);
  const row = await ctx.db.selectFrom('saliency_maps').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSaliencyMap(row) : undefined;
}

export interface EvaluationInput {
  /** What was evaluated (`pointing-game`, `deletion-auc`, `classification`, …). */
  name: string;
  /** The explanation method, for saliency evaluations. */
  method?: string | null;
  split?: string | null;
  step?: number | null;
  metrics: object;
}

export interface Evaluation {
  id: number;
  runId: string;
  name: string;
  method: string | null;
  split: string | null;
  step: number | null;
  metrics: JsonObject;
  createdAt: Date;
}

const evaluationSchema = z.object({
  name: nonEmptyText,
  method: optionalText,
  split: optionalText,
  step: count.nullable().optional(),
});

export async function saveEvaluation(ctx: StoreContext, runId: string, input: EvaluationInput): Promise<Evaluation> {
  const e = parseInput(evaluationSchema, input, 'saveEvaluation');
  const metrics = toJsonObject(input.metrics, 'saveEvaluation: metrics');
  const row = await inWriteTransaction(ctx.db, async (trx) => {
    await assertRunExists(trx, ctx.displayUrl, runId);
    return trx
      .insertInto('evaluations')
      .values({
        run_id: runId,
        name: e.name,
        method: e.method ?? null,
        split: e.split ?? null,
        step: e.step ?? null,
        metrics: encodeJson(metrics),
        created_at: ctx.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return toEvaluation(row);
}

/** The run's evaluations, oldest first, optionally of one name and/or method. */
export async function listEvaluations(
  ctx: StoreContext,
  runId: string,
  filter: { name?: string; method?: string } = {},
): Promise<Evaluation[]> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  let query = ctx.db.selectFrom('evaluations').selectAll().where('run_id', '=', runId);
  if (filter.name !== undefined) query = query.where('name', '=', filter.name);
  if (filter.method !== undefined) query = query.where('method', '=', filter.method);
  return (await query.orderBy('id').execute()).map(toEvaluation);
}

function toSaliencyMap(row: Selectable<SaliencyMapsTable>): SaliencyMap {
  return {
    id: row.id,
    runId: row.run_id,
    imageId: row.image_id,
    method: row.method,
    target: row.target,
    step: row.step,
    heatmap: row.heatmap_artifact,
    height: row.height,
    width: row.width,
    params: decodeJson(row.params) as JsonObject,
    metrics: decodeJson(row.metrics) as JsonObject,
    createdAt: new Date(row.created_at),
  };
}

function toEvaluation(row: Selectable<EvaluationsTable>): Evaluation {
  return {
    id: row.id,
    runId: row.run_id,
    name: row.name,
    method: row.method,
    split: row.split,
    step: row.step,
    metrics: decodeJson(row.metrics) as JsonObject,
    createdAt: new Date(row.created_at),
  };
}
