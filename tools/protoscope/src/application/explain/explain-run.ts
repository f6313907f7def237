import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { METHODS } from '@protoscope/core-models';
import {
  createExplainer,
  energyPointingGame,
  explainableModel,
  explainPrediction,
  pointingGameHit,
  scaledPointingTolerance,
  UndefinedMetricError,
  OTHER_VIEW_EXPLAINERS,
  type ExplainableModel,
  type Explainer,
  type Heatmaps,
} from '@protoscope/eval';
import { encodeHeatmap, renderOverlay } from '@protoscope/render';
import { assertStoreExists, openStore, type SaliencyInput, type Store } from '@protoscope/tracking';
import { ImageSet, type ImageItem, type Predictions } from '../runs/image-set';
import { loadRun, type CheckpointChoice } from '../runs/load-run';
import { assertSameLabelSpace } from '../runs/same-label-space';
import { selectedImageSet, type ImageSelection } from '../runs/select-images';
import { UserFacingError } from '../../user-facing-error';
import { gridQueries, lesionQuery } from './attention-queries';
import { findingPresences } from './finding-presence';
import type { ImagePoint, SaliencyKind } from '@protoscope/tracking';

/** Which class each map explains: the model's prediction (default), the ground truth, or a fixed class. */
export type TargetChoice = 'predicted' | 'label' | number;

export interface ExplainRunOptions {
  runId: string;
  methods: string[];
  store?: string;
  images?: ImageSelection;
  limit?: number;
  checkpoint?: CheckpointChoice;
  target?: TargetChoice;
  /** Another dataset with the run's classes (default: the run's own data). */
  data?: string;
  batchSize?: number;
  seed?: number;
  /** Opacity of the stored overlays (the server renders others on request). */
  overlayOpacity?: number;
  /**
   * Cross-attention on view pairs: besides the map from the whole main view, maps from the centres of
   * an n × n grid of it (default 3; 0 for none) and from its lesion, when it has one.
   */
  queryGrid?: number;
  onProgress?: (message: string) => void;
}

export interface MethodSummary {
  /** The method, or for cross-attention's query maps `cross-attention@grid` / `cross-attention@lesion`. */
  method: string;
  /** Maps stored (for query maps: over every query point). */
  images: number;
  seconds: number;
  /** Mean over images with a lesion; null when none has one. */
  pointingGame: number | null;
  energyPointingGame: number | null;
}

export interface ExplainRunResult {
  runId: string;
  step: number;
  images: number;
  methods: MethodSummary[];
}

export function targetsFor(choice: TargetChoice, items: readonly ImageItem[], predictions: Predictions, classes: number): number[] {
  if (choice === 'predicted') return predictions.predicted;
  if (choice === 'label') return items.map((item) => item.label);
  if (!Number.isInteger(choice) || choice < 0 || choice >= classes) throw new UserFacingError(`--target ${choice} is not a class index (0–${classes - 1})`);
  return items.map(() => choice);
}

/** The map's share of mass inside the region; null for an all-zero map, which places no mass anywhere. */
export function energyInside(map: Float32Array, region: Uint8Array, size: { height: number; width: number }): number | null {
  try {
    return energyPointingGame(map, region, size);
  } catch (error) {
    if (error instanceof UndefinedMetricError) return null;
    throw error;
  }
}

/** Per-image localisation scores of one map against a region (the lesion union, or one kind's lesions), when there is one. */
function imageScores(map: Float32Array, region: Uint8Array | undefined, size: { height: number; width: number }): Record<string, number> {
  if (!region) return {};
  const tolerance = scaledPointingTolerance(Math.min(size.height, size.width));
  const energy = energyInside(map, region, size);
  return {
    pointingGame: pointingGameHit(map, region, { ...size, tolerance }).hit ? 1 : 0,
    ...(energy === null ? {} : { energyPointingGame: energy }),
  };
}

/** Explainers whose maps are attention read from the model, and those whose maps are one finding's (lesion's). */
const ATTENTION_EXPLAINERS: readonly string[] = [...OTHER_VIEW_EXPLAINERS, 'ham'];
const LESION_EXPLAINERS: readonly string[] = ['finding-maps'];

/**
 * What one requested method stores: its own maps, (finding-maps) the union and then each finding's
 * map under `finding-maps:<name>`, or (cross-attention) the map from the whole main view and then the
 * maps from query points of it.
 */
interface StoredMethod {
  method: string;
  /** The summary line (differs from method for the query maps of cross-attention). */
  summary: string;
  explainer: string;
  kind: SaliencyKind;
  settings?: object;
  /** Cross-attention: the main-view point each pair example's map is read from; undefined skips the example. */
  queryOf?: (item: ImageItem) => ImagePoint | undefined;
  /** How the query point was chosen (`grid`, `lesion`), kept in the map's params. */
  queryFrom?: string;
  /** The map lies on the other view of the pair (cross-attention): stored against that image. */
  onOtherView: boolean;
  /** The region a map is scored against: the image's lesion union, or its lesions of one kind. */
  region(item: ImageItem): Uint8Array | undefined;
  finding?: string;
}

function storedMethods(method: string, explainable: ExplainableModel, queries: { grid: readonly ImagePoint[]; size: { height: number; width: number } }): StoredMethod[] {
  const kind: SaliencyKind = ATTENTION_EXPLAINERS.includes(method) ? 'attention' : LESION_EXPLAINERS.includes(method) ? 'lesion' : 'saliency';
  if (OTHER_VIEW_EXPLAINERS.includes(method)) {
    const whole: StoredMethod = { method, summary: method, explainer: method, kind, onOtherView: true, region: (item) => item.other?.mask };
    return [
      whole,
      ...queries.grid.map((point) => ({ ...whole, summary: `${method}@grid`, queryOf: () => point, queryFrom: 'grid' })),
      { ...whole, summary: `${method}@lesion`, queryOf: (item: ImageItem) => (item.mask ? lesionQuery(item.mask, queries.size) : undefined), queryFrom: 'lesion' },
    ];
  }
  const union: StoredMethod = { method, summary: method, explainer: method, kind, onOtherView: false, region: (item) => item.mask };
  const names = method === 'finding-maps' ? explainable.hooks?.findingMaps?.names : undefined;
  if (!names) return [union];
  return [
    union,
    ...names.map((name, finding) => ({ ...union, method: `finding-maps:${name}`, summary: `finding-maps:${name}`, settings: { finding }, finding: name, region: (item: ImageItem) => item.lesionMasks?.[name] })),
  ];
}

/**
 * Runs one method over the selected images and returns one heat map per image, in item order. A
 * map depends only on the image and the class it explains, so `known` may supply maps computed
 * before (e.g. for the ground-truth class, which is usually the predicted one): a batch whose maps
 * are all known is not explained again.
 */
export async function explainImages(
  explainable: ExplainableModel,
  method: string,
  images: ImageSet,
  targets: readonly number[],
  options: {
    seed?: number;
    batchSize?: number;
    known?: (index: number, target: number) => Float32Array | undefined;
    settings?: object;
    /** View pairs only: settings of one pair example (merged over `settings`), e.g. a cross-attention query point. */
    settingsOf?: (index: number) => object;
  } = {},
): Promise<Heatmaps> {
  const explainer = createExplainer(method, explainable, options.settings);
  const maps: Float32Array[] = [];
  const deltas: number[] = [];
  let scale: Heatmaps['scale'] = 'unit';
  const attribute = async (model: Explainer, batch: tf.Tensor4D, batchTargets: number[]) => {
    const result = await model.attribute(batch, { target: batchTargets, seed: options.seed, batchSize: options.batchSize });
    maps.push(...result.maps);
    if (result.convergenceDelta) deltas.push(...result.convergenceDelta);
    scale = result.scale;
  };
  for (const { images: batch, offset, otherImages } of images.batches()) {
    try {
      const batchTargets = targets.slice(offset, offset + batch.shape[0]);
      const reused = batchTargets.map((target, i) => options.known?.(offset + i, target));
      if (reused.every((map) => map !== undefined)) {
        maps.push(...(reused as Float32Array[]));
        continue;
      }
      if (!otherImages) {
        await attribute(explainer, batch, batchTargets);
        continue;
      }
      // A pair: the main view explained with its own other view held fixed, one pair at a time.
      if (!explainable.bindOtherView) throw new UserFacingError(`${explainable.name ?? 'the model'} does not take view pairs`);
      for (let i = 0; i < batch.shape[0]; i++) {
        const [main, other] = [tf.slice(batch, i, 1), tf.slice(otherImages, i, 1)];
        const bound = explainable.bindOtherView(other);
        try {
          await attribute(createExplainer(method, bound, { ...options.settings, ...options.settingsOf?.(offset + i) }), main, [batchTargets[i]!]);
        } finally {
          bound.dispose();
          tf.dispose([main, other]);
        }
      }
    } finally {
      tf.dispose([batch, ...(otherImages ? [otherImages] : [])]);
    }
  }
  return { maps, height: images.height, width: images.width, targets: [...targets], scale, ...(deltas.length === maps.length ? { convergenceDelta: deltas } : {}) };
}

/**
 * `protoscope explain`: heat maps of a trained run's model for the selected images with each method,
 * stored against run, image, method and target — the map as a 16-bit PNG (values and range kept) and a
 * colour overlay on the image, with per-image pointing-game and energy scores where there is a lesion.
 */
export async function explainRun(options: ExplainRunOptions): Promise<ExplainRunResult> {
  await initEngine();
  // It reads a run: a store that does not exist is an error, not a new empty store.
  assertStoreExists(options.store);
  const store = await openStore(options.store);
  try {
    return await explainWithStore(store, options);
  } finally {
    await store.close();
  }
}

export async function explainWithStore(store: Store, options: ExplainRunOptions): Promise<ExplainRunResult> {
  const loaded = await loadRun(store, options.runId, options.checkpoint ?? 'latest');
  const { model, inputShape, classes } = loaded;
  try {
    if (options.data) assertSameLabelSpace(options.data, classes, 'explain');
    const images = selectedImageSet({
      data: options.data ?? loaded.settings.data,
      selection: options.images ?? { split: 'val' },
      limit: options.limit,
      size: inputShape[0],
      channels: inputShape[2] as 1 | 3,
      batchSize: options.batchSize ?? 16,
      inputs: METHODS[loaded.run.method]?.inputs,
    });
    const predictions = images.predict(model);
    const targets = targetsFor(options.target ?? 'predicted', images.items, predictions, classes.length);
    const explainable = explainableModel(model, classes.length, loaded.run.method);
    const pixels = rasters(images);
    const viewOf = new Map(images.loader.records.map((record) => [record.id, record.view ?? null]));
    const pairs = images.items.some((item) => item.other);
    const imageSize = { height: images.height, width: images.width };
    const grid = pairs ? gridQueries(options.queryGrid ?? 3, imageSize) : [];
    const summaries = new Map<string, MethodSummary & { scores: Array<Record<string, number>> }>();
    // The lesions a diagnosis was computed from (lesion-linked, ham): kept with each finding's map.
    const presences = options.methods.includes('finding-maps') ? findingPresences(explainable, images) : undefined;
    const findingNames = explainable.hooks?.findingMaps?.names ?? [];
    for (const stored of options.methods.flatMap((m) => storedMethods(m, explainable, { grid, size: imageSize }))) {
      const { method, explainer, settings, region, finding, onOtherView, queryOf } = stored;
      const queried = queryOf ? images.items.map((item) => queryOf(item)) : undefined;
      if (queried && queried.every((q) => q === undefined)) continue;
      options.onProgress?.(`${stored.summary}: ${images.items.length} images`);
      const started = Date.now();
      const settingsOf = queried ? (index: number) => (queried[index] ? { query: queried[index] } : {}) : undefined;
      const heatmaps = await explainImages(explainable, explainer, images, targets, { seed: options.seed ?? 0, batchSize: options.batchSize, settings, settingsOf });
      const lookalikes = method === 'prototypes' ? topPrototypes(explainable, images, targets) : undefined;
      const size = { height: heatmaps.height, width: heatmaps.width };
      const rows: SaliencyInput[] = [];
      const summary = summaries.get(stored.summary) ?? { method: stored.summary, images: 0, seconds: 0, pointingGame: null, energyPointingGame: null, scores: [] };
      summaries.set(stored.summary, summary);
      for (const [i, item] of images.items.entries()) {
        if (queried && !queried[i]) continue;
        const map = heatmaps.maps[i]!;
        const heatmap = await store.artifacts.put(encodeHeatmap({ map, ...size, scale: heatmaps.scale }), { kind: 'heatmap', mediaType: 'image/png' });
        const unit = heatmaps.scale === 'unit' ? map : unitScaled(map);
        const image = onOtherView ? pixels.other[i]! : pixels.main[i]!;
        const overlay = await store.artifacts.put(renderOverlay({ image, heatmap: unit, opacity: options.overlayOpacity ?? 0.5, outline: region(item) ?? (onOtherView ? undefined : item.mask) }), {
          kind: 'heatmap-overlay',
          mediaType: 'image/png',
        });
        const metrics = imageScores(unit, region(item), size);
        summary.scores.push(metrics);
        summary.images++;
        const imageId = onOtherView && item.other ? item.other.id : item.id;
        rows.push({
          imageId,
          method,
          kind: stored.kind,
          view: viewOf.get(imageId) ?? null,
          // A pair's maps name the other image: the view held fixed, or (on the other view) the one explained.
          pairedImageId: item.other ? (onOtherView ? item.id : item.other.id) : null,
          query: queried?.[i] ?? null,
          target: targets[i]!,
          step: loaded.checkpoint.step,
          heatmap,
          height: size.height,
          width: size.width,
          params: {
            overlay,
            scale: heatmaps.scale,
            label: item.label,
            predicted: predictions.predicted[i]!,
            probability: predictions.probabilities[i]![targets[i]!]!,
            ...(finding ? { finding } : {}),
            ...(presences && explainer === 'finding-maps'
              ? finding
                ? { presence: presences[i]![findingNames.indexOf(finding)]! }
                : { presences: Object.fromEntries(findingNames.map((name, k) => [name, presences[i]![k]!])) }
              : {}),
            ...(stored.queryFrom ? { queryFrom: stored.queryFrom } : {}),
            ...(lookalikes ? { topPrototypes: lookalikes[i]! } : {}),
          },
          metrics: { ...metrics, ...(heatmaps.convergenceDelta ? { convergenceDelta: heatmaps.convergenceDelta[i]! } : {}) },
        });
      }
      await store.saliency.save(loaded.run.id, rows);
      summary.seconds += (Date.now() - started) / 1000;
    }
    const methods = [...summaries.values()].map(({ scores, ...summary }) => ({
      ...summary,
      pointingGame: mean(scores.map((s) => s['pointingGame'])),
      energyPointingGame: mean(scores.map((s) => s['energyPointingGame'])),
    }));
    return { runId: loaded.run.id, step: loaded.checkpoint.step, images: images.items.length, methods };
  } finally {
    model.dispose();
  }
}

/** "This looks like that": per image, the prototypes adding most to the explained class's logit. */
function topPrototypes(explainable: ExplainableModel, images: ImageSet, targets: readonly number[], k = 5): object[][] {
  const out: object[][] = [];
  for (const { images: batch, offset } of images.batches()) {
    const explained = explainPrediction(explainable, batch, { k, target: targets.slice(offset, offset + batch.shape[0]) });
    batch.dispose();
    for (const e of explained) {
      out.push(
        e.prototypes.map((p) => ({
          prototype: p.prototype,
          class: p.class,
          similarity: p.similarity,
          weight: p.weight,
          contribution: p.contribution,
          location: p.location,
          receptiveField: p.receptiveField,
          highActivation: p.highActivation,
        })),
      );
    }
  }
  return out;
}

/** Signed attributions (IG, occlusion) shown by magnitude of positive evidence: min-max of max(0, a). */
export function unitScaled(map: Float32Array): Float32Array {
  let max = 0;
  for (const v of map) if (v > max) max = v;
  return max > 0 ? map.map((v) => Math.max(0, v) / max) : new Float32Array(map.length);
}

function mean(values: ReadonlyArray<number | undefined>): number | null {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length ? defined.reduce((s, v) => s + v, 0) / defined.length : null;
}

/** The selected images (and, for pairs, their other views) as [0, 1] rasters for overlays (the loader's default normalisation keeps [0, 1]). */
function rasters(images: ImageSet): { main: Raster[]; other: Raster[] } {
  const out: { main: Raster[]; other: Raster[] } = { main: [], other: [] };
  const split = (batch: tf.Tensor4D, into: Raster[]) => {
    const [b, h, w, c] = batch.shape;
    const data = batch.dataSync() as Float32Array;
    for (let i = 0; i < b; i++) into.push({ data: data.slice(i * h * w * c, (i + 1) * h * w * c), height: h, width: w, channels: c });
  };
  for (const { images: batch, otherImages } of images.batches()) {
    split(batch, out.main);
    if (otherImages) split(otherImages, out.other);
    tf.dispose([batch, ...(otherImages ? [otherImages] : [])]);
  }
  return out;
}

type Raster = { data: Float32Array; height: number; width: number; channels: number };
