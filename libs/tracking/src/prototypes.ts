/**
 * Prototypes as they stand after a push: class, vector, and provenance — the training image the
 * prototype was projected onto, its location in the latent grid, the receptive-field box, the box
 * around the top 5 % of its upsampled activation, the patch image and the activation map — and the
 * training patches nearest to it as pushed.
 *
 * Boxes are pixel boxes in the source image, half-open: rows y0 ≤ y < y1, columns x0 ≤ x < x1.
 * Saving a push replaces any earlier save of the same (run, step) — a resumed run that pushes again
 * at the same step overwrites rather than duplicates.
 */
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { assertArtifactsRegistered } from './artifacts';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError } from './errors';
import { decodeJsonOrNull, encodeJson, toJsonValue } from './json';
import { assertRunExists } from './runs';
import type { PrototypesTable } from './schema';
import { count, optionalText, parseInput } from './validation';

/** A half-open pixel box: rows y0 ≤ y < y1, columns x0 ≤ x < x1. */
export interface Box {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

export interface PrototypeInput {
  /** The prototype's index in the model (0 … P-1). */
  index: number;
  classIndex?: number | null;
  /** The prototype vector, stored as JSON floats … */
  vector?: ArrayLike<number> | null;
  /** … or as an artifact (e.g. a float32 `.npy`) for long vectors. */
  vectorArtifact?: string | null;
  sourceImageId?: string | null;
  sourceSplit?: string | null;
  /** Where in the latent grid of the source image the prototype was projected (row h, column w). */
  latent?: { h: number; w: number } | null;
  receptiveField?: Box | null;
  /** The box around the 95th-percentile high-activation region of the upsampled activation map. */
  highActivation?: Box | null;
  patchArtifact?: string | null;
  activationMapArtifact?: string | null;
  /** The (squared L2 or cosine) distance to the projected patch at push time. */
  distance?: number | null;
  /** The training patches nearest to the prototype as pushed, nearest first (one per image). */
  nearestPatches?: readonly NearestPatch[] | null;
}

/** A training patch near a prototype: the best patch of one image. */
export interface NearestPatch {
  imageId: string;
  /** The image's class. */
  classIndex: number | null;
  /** The patch's receptive field in the image. */
  box: Box | null;
  distance: number;
}

export interface Prototype {
  id: number;
  runId: string;
  pushStep: number;
  pushEpoch: number | null;
  index: number;
  classIndex: number | null;
  vector: number[] | null;
  vectorArtifact: string | null;
  sourceImageId: string | null;
  sourceSplit: string | null;
  latent: { h: number; w: number } | null;
  receptiveField: Box | null;
  highActivation: Box | null;
  patchArtifact: string | null;
  activationMapArtifact: string | null;
  distance: number | null;
  /** Empty when the push did not record them. */
  nearestPatches: NearestPatch[];
  createdAt: Date;
}

export interface PrototypePush {
  step: number;
  epoch: number | null;
  count: number;
}

const box = z
  .object({ y0: count, y1: count, x0: count, x1: count })
  .refine((b) => b.y0 <= b.y1 && b.x0 <= b.x1, 'a box needs y0 ≤ y1 and x0 ≤ x1');
const hash = z.string().nullable().optional();
const prototypeSchema = z.object({
  index: count,
  classIndex: count.nullable().optional(),
  vectorArtifact: hash,
  sourceImageId: optionalText,
  sourceSplit: optionalText,
  latent: z.object({ h: count, w: count }).nullable().optional(),
  receptiveField: box.nullable().optional(),
  highActivation: box.nullable().optional(),
  patchArtifact: hash,
  activationMapArtifact: hash,
  distance: z.number().nullable().optional(),
  nearestPatches: z
    .array(z.object({ imageId: z.string().min(1), classIndex: count.nullable(), box: box.nullable(), distance: z.number() }))
    .nullable()
    .optional(),
});

const ROWS_PER_INSERT = 100;

export async function savePrototypes(
  ctx: StoreContext,
  runId: string,
  step: number,
  prototypes: readonly PrototypeInput[],
  options: { epoch?: number | null } = {},
): Promise<number> {
  const push = parseInput(z.object({ step: count, epoch: count.nullable().optional() }), { step, epoch: options.epoch }, 'savePrototypes');
  if (!Array.isArray(prototypes)) throw new InvalidInputError('savePrototypes needs an array of prototypes');
  const now = ctx.now();
  const seen = new Set<number>();
  const rows = prototypes.map((input, i): Omit<PrototypesTable, 'id'> => {
    const p = parseInput(prototypeSchema, input, `savePrototypes: prototype ${i}`);
    if (seen.has(p.index)) throw new InvalidInputError(`savePrototypes: prototype index ${p.index} appears twice`);
    seen.add(p.index);
    const vector = input.vector === undefined || input.vector === null ? null : Array.from(input.vector);
    if (vector === null && !p.vectorArtifact) {
      throw new InvalidInputError(`savePrototypes: prototype ${p.index} has neither a vector nor a vectorArtifact`);
    }
    const rf = p.receptiveField ?? null;
    const act = p.highActivation ?? null;
    return {
      run_id: runId,
      push_step: push.step,
      push_epoch: push.epoch ?? null,
      proto_index: p.index,
      class_index: p.classIndex ?? null,
      vector: vector === null ? null : encodeJson(toJsonValue(vector, `savePrototypes: prototype ${p.index} vector`)),
      vector_artifact: p.vectorArtifact ?? null,
      source_image_id: p.sourceImageId ?? null,
      source_split: p.sourceSplit ?? null,
      latent_h: p.latent?.h ?? null,
      latent_w: p.latent?.w ?? null,
      rf_y0: rf?.y0 ?? null,
      rf_y1: rf?.y1 ?? null,
      rf_x0: rf?.x0 ?? null,
      rf_x1: rf?.x1 ?? null,
      act_y0: act?.y0 ?? null,
      act_y1: act?.y1 ?? null,
      act_x0: act?.x0 ?? null,
      act_x1: act?.x1 ?? null,
      patch_artifact: p.patchArtifact ?? null,
      activation_map_artifact: p.activationMapArtifact ?? null,
      distance: p.distance ?? null,
      nearest_patches: p.nearestPatches ? encodeJson(toJsonValue(p.nearestPatches, `savePrototypes: prototype ${p.index} nearestPatches`)) : null,
      created_at: now,
    };
  });
  await inWriteTransaction(ctx.db, async (trx) => {
    await assertRunExists(trx, ctx.displayUrl, runId);
    await assertArtifactsRegistered(
      trx,
      ctx.displayUrl,
      rows.flatMap((r) => [r.vector_artifact, r.patch_artifact, r.activation_map_artifact]),
      `prototypes of the push at step ${push.step}`,
    );
    await trx.deleteFrom('prototypes').where('run_id', '=', runId).where('push_step', '=', push.step).execute();
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto('prototypes')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .execute();
    }
  });
  return rows.length;
}

/** The prototypes of one push (default: the latest), by index. Empty when the run has no push yet. */
export async function listPrototypes(
  ctx: StoreContext,
  runId: string,
  options: { step?: number } = {},
): Promise<Prototype[]> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  let step = options.step;
  if (step === undefined) {
    const latest = await ctx.db
      .selectFrom('prototypes')
      .select((eb) => eb.fn.max('push_step').as('step'))
      .where('run_id', '=', runId)
      .executeTakeFirst();
    if (latest?.step === null || latest?.step === undefined) return [];
    step = Number(latest.step);
  }
  const rows = await ctx.db
    .selectFrom('prototypes')
    .selectAll()
    .where('run_id', '=', runId)
    .where('push_step', '=', step)
    .orderBy('proto_index')
    .execute();
  return rows.map(toPrototype);
}

/** The pushes recorded for the run, by step. */
export async function prototypePushes(ctx: StoreContext, runId: string): Promise<PrototypePush[]> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const rows = await ctx.db
    .selectFrom('prototypes')
    .select(['push_step', 'push_epoch', sql<number>`count(*)`.as('n')])
    .where('run_id', '=', runId)
    .groupBy(['push_step', 'push_epoch'])
    .orderBy('push_step')
    .execute();
  return rows.map((r) => ({ step: r.push_step, epoch: r.push_epoch, count: Number(r.n) }));
}

function toPrototype(row: Selectable<PrototypesTable>): Prototype {
  const boxOf = (y0: number | null, y1: number | null, x0: number | null, x1: number | null): Box | null =>
    y0 === null || y1 === null || x0 === null || x1 === null ? null : { y0, y1, x0, x1 };
  return {
    id: row.id,
    runId: row.run_id,
    pushStep: row.push_step,
    pushEpoch: row.push_epoch,
    index: row.proto_index,
    classIndex: row.class_index,
    vector: decodeJsonOrNull(row.vector) as number[] | null,
    vectorArtifact: row.vector_artifact,
    sourceImageId: row.source_image_id,
    sourceSplit: row.source_split,
    latent: row.latent_h === null || row.latent_w === null ? null : { h: row.latent_h, w: row.latent_w },
    receptiveField: boxOf(row.rf_y0, row.rf_y1, row.rf_x0, row.rf_x1),
    highActivation: boxOf(row.act_y0, row.act_y1, row.act_x0, row.act_x1),
    patchArtifact: row.patch_artifact,
    activationMapArtifact: row.activation_map_artifact,
    distance: row.distance,
    nearestPatches: (decodeJsonOrNull(row.nearest_patches) as NearestPatch[] | null) ?? [],
    createdAt: new Date(row.created_at),
  };
}
