/**
 * Explanations and their scores. A saliency map is one heatmap (an artifact) for one image, one
 * explanation method and one target class of a run's model, with the per-image metrics computed on it
 * (pointing game, energy in the lesion box, deletion AUC, …). Its kind says what the map is: a
 * `saliency` map (attribution), an `attention` map read from the model (cross-attention, HAM), or a
 * `lesion` map (one finding's activation). Maps of two-view models name their pair: the view of the
 * image the map lies on, the paired image and, for cross-attention, the point of the paired image the
 * attention was read from. An evaluation is a run-level summary
 * (e.g. the mean of a metric family over a split for one method).
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import { z } from 'zod';
import { assertArtifactsRegistered } from './artifacts';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError, UnknownSaliencyMapError } from './errors';
import { decodeJson, encodeJson, toJsonObject, type JsonObject } from './json';
import { assertRunExists } from './runs';
import type { EvaluationsTable, SaliencyMapsTable } from './schema';
import { count, nonEmptyText, optionalText, parseInput } from './validation';

/** What a map is: an attribution, attention read from the model, or one finding's (lesion's) map. */
export const SALIENCY_KINDS = ['saliency', 'attention', 'lesion'] as const;
export type SaliencyKind = (typeof SALIENCY_KINDS)[number];

/** A point of an image in pixels (x to the right, y down; pixel centres at +0.5). */
export interface ImagePoint {
  x: number;
  y: number;
}

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
  /** Default `saliency`. */
  kind?: SaliencyKind;
  /** The view of the image the map lies on (CC, MLO, …), when the dataset records views. */
  view?: string | null;
  /** Two-view models: the other image of the pair. */
  pairedImageId?: string | null;
  /** Cross-attention: the point of the paired image the attention was read from; null for the mean over that view. */
  query?: ImagePoint | null;
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
  kind: SaliencyKind;
  view: string | null;
  pairedImageId: string | null;
  query: ImagePoint | null;
}

export interface SaliencyFilter {
  imageId?: string | readonly string[];
  method?: string | readonly string[];
  target?: number | null;
  step?: number | null;
  kind?: SaliencyKind | readonly SaliencyKind[];
  /** Maps whose paired image is this one (or one of these). */
  pairedImageId?: string | readonly string[];
}

const saliencySchema = z.object({
  imageId: nonEmptyText,
  method: nonEmptyText,
  target: z.number().int().nullable().optional(),
  step: count.nullable().optional(),
  heatmap: z.string(),
  height: count.nullable().optional(),
  width: count.nullable().optional(),
  kind: z.enum(SALIENCY_KINDS).optional(),
  view: nonEmptyText.nullable().optional(),
  pairedImageId: nonEmptyText.nullable().optional(),
  query: z.object({ x: z.number().finite().nonnegative(), y: z.number().finite().nonnegative() }).strict().nullable().optional(),
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
  const rows = maps.map((input, i): Insertable<SaliencyMapsTable> => {
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
      kind: m.kind ?? 'saliency',
      view: m.view ?? null,
      paired_image_id: m.pairedImageId ?? null,
      query_x: m.query?.x ?? null,
      query_y: m.query?.y ?? null,
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
  const kinds = list(filter.kind);
  const paired = list(filter.pairedImageId);
  if (images?.length === 0 || methods?.length === 0 || kinds?.length === 0 || paired?.length === 0) return [];
  const unknownKind = kinds?.find((k) => !(SALIENCY_KINDS as readonly string[]).includes(k));
  if (unknownKind !== undefined) throw new InvalidInputError(`unknown saliency map kind ${JSON.stringify(unknownKind)} (use ${SALIENCY_KINDS.join(', ')})`);
  let query = ctx.db.selectFrom('saliency_maps').selectAll().where('run_id', '=', runId);
  if (images) query = query.where('image_id', 'in', images);
  if (methods) query = query.where('method', 'in', methods);
  if (kinds) query = query.where('kind', 'in', kinds);
  if (paired) query = query.where('paired_image_id', 'in', paired);
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
    kind: row.kind as SaliencyKind,
    view: row.view,
    pairedImageId: row.paired_image_id,
    query: row.query_x === null || row.query_y === null ? null : { x: Number(row.query_x), y: Number(row.query_y) },
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
