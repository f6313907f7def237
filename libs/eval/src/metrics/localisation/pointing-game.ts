/**
 * Pointing game (Zhang et al. 2016, as TorchRay codes it): the map's maximum is a hit when some
 * ground-truth pixel lies within `tolerance` pixels of it.
 *
 * - The point is the argmax of the map, the first one in row-major order when several pixels tie.
 * - Hit: some ground-truth pixel (col, row) has (col − x)² + (row − y)² < tolerance² — strictly less,
 *   as TorchRay, so `tolerance: 1` accepts only the point's own pixel.
 * - The default tolerance is TorchRay's 15 px, meant for images of about 224 px; for smaller images
 *   pass a scaled one, e.g. `tolerance: 15 * width / 224` (see `scaledPointingTolerance`).
 * - Accuracy per class = hits / cases of that class; the summary is the mean over the classes that
 *   have cases (TorchRay averages over every class of the dataset, counting a class without cases as
 *   0; a class that never occurs here is simply not listed).
 */
import { MetricInputError } from '../errors';
import {
  argmaxFirst,
  checkCases,
  checkMapSize,
  checkSaliency,
  groundTruthMask,
  groupByClass,
  type GroundTruthRegion,
  type LocalisationCase,
  type MapSize,
} from './inputs';

export const DEFAULT_POINTING_TOLERANCE = 15;
/** Image side the default tolerance was set for. */
export const POINTING_TOLERANCE_REFERENCE_SIZE = 224;

export interface PointingGameOptions extends MapSize {
  /** Acceptance radius in pixels (> 0); default 15. */
  tolerance?: number;
}

export interface PointingGameHit {
  hit: boolean;
  /** The map's argmax: column x, row y. */
  point: { x: number; y: number };
}

export interface PointingGameClass {
  classIndex: number;
  hits: number;
  misses: number;
  /** hits / (hits + misses). */
  accuracy: number;
}

export interface PointingGameResult {
  perClass: PointingGameClass[];
  /** Mean of the per-class accuracies. */
  meanAccuracy: number;
  /** One entry per case, in input order. */
  cases: PointingGameHit[];
}

/** TorchRay's 15 px rescaled to an image whose shorter side is `imageSide` pixels. */
export function scaledPointingTolerance(imageSide: number): number {
  if (!Number.isFinite(imageSide) || imageSide <= 0) {
    throw new MetricInputError(
      'scaledPointingTolerance',
      `imageSide is ${String(imageSide)}; it must be a positive number`,
    );
  }
  return (DEFAULT_POINTING_TOLERANCE * imageSide) / POINTING_TOLERANCE_REFERENCE_SIZE;
}

function resolveTolerance(metric: string, tolerance: number | undefined): number {
  const value = tolerance ?? DEFAULT_POINTING_TOLERANCE;
  if (!Number.isFinite(value) || value <= 0) {
    throw new MetricInputError(metric, `tolerance is ${String(value)}; it must be a positive number of pixels`);
  }
  return value;
}

function pointHits(saliency: Float32Array, mask: Uint8Array, size: MapSize, tolerance: number): PointingGameHit {
  const index = argmaxFirst(saliency);
  const x = index % size.width;
  const y = Math.floor(index / size.width);
  const reach = Math.ceil(tolerance);
  const limit = tolerance * tolerance;
  let hit = false;
  for (let row = Math.max(0, y - reach); row <= Math.min(size.height - 1, y + reach) && !hit; row++) {
    for (let col = Math.max(0, x - reach); col <= Math.min(size.width - 1, x + reach); col++) {
      if (mask[row * size.width + col] !== 0 && (col - x) ** 2 + (row - y) ** 2 < limit) {
        hit = true;
        break;
      }
    }
  }
  return { hit, point: { x, y } };
}

/** One map against one ground-truth region. */
export function pointingGameHit(
  saliency: Float32Array,
  groundTruth: GroundTruthRegion,
  options: PointingGameOptions,
): PointingGameHit {
  const metric = 'pointingGameHit';
  checkMapSize(metric, options);
  const tolerance = resolveTolerance(metric, options.tolerance);
  checkSaliency(metric, saliency, options);
  return pointHits(saliency, groundTruthMask(metric, groundTruth, options), options, tolerance);
}

/** Pointing-game accuracy per class and its mean over classes. */
export function pointingGame(cases: readonly LocalisationCase[], options: PointingGameOptions): PointingGameResult {
  const metric = 'pointingGame';
  checkMapSize(metric, options);
  const tolerance = resolveTolerance(metric, options.tolerance);
  checkCases(metric, cases);
  const results = cases.map((c, i) => {
    checkSaliency(metric, c.saliency, options, `cases[${i}].saliency`);
    return pointHits(c.saliency, groundTruthMask(`${metric} (cases[${i}])`, c.groundTruth, options), options, tolerance);
  });
  const perClass = groupByClass(cases).map(({ classIndex, caseIndices }) => {
    const hits = caseIndices.filter((i) => results[i].hit).length;
    return { classIndex, hits, misses: caseIndices.length - hits, accuracy: hits / caseIndices.length };
  });
  const meanAccuracy = perClass.reduce((sum, c) => sum + c.accuracy, 0) / perClass.length;
  return { perClass, meanAccuracy, cases: results };
}
