/**
 * Overlap of a thresholded saliency map P with the ground truth G, as in HAM's protocol:
 * P = { pixels with saliency ≥ threshold } (default 0.5, meant for a map scaled to [0, 1]).
 *
 * - IoU = |P ∩ G| / |P ∪ G|
 * - Dice = 2 |P ∩ G| / (|P| + |G|)
 * - IoR = |P ∩ G| / |P| — intersection over the predicted region, the IoBB of ChestX-ray8.
 *
 * G is never empty (see `groundTruthMask`), so IoU and Dice always exist. IoR is 0/0 when nothing
 * reaches the threshold: `localisationIoR` throws `UndefinedMetricError` ('no-predicted-positives')
 * and `localisationOverlap` reports `ior: null`. (HAM's evaluation counts such an image as IoR 0,
 * which is what `hamLocalisationAccuracy` does.)
 */
import { UndefinedMetricError } from '../errors';
import {
  checkMapSize,
  checkSaliency,
  checkThreshold,
  groundTruthMask,
  type GroundTruthRegion,
  type MapSize,
} from './inputs';

export const DEFAULT_SALIENCY_THRESHOLD = 0.5;

export interface OverlapOptions extends MapSize {
  /** A pixel is predicted when its saliency is ≥ this; default 0.5. */
  threshold?: number;
}

export interface LocalisationOverlap {
  iou: number;
  dice: number;
  /** Null when no pixel reaches the threshold. */
  ior: number | null;
  predictedPixels: number;
  groundTruthPixels: number;
  intersectionPixels: number;
}

/** The 0/1 mask of pixels whose saliency is ≥ threshold. */
export function thresholdSaliency(saliency: Float32Array, threshold = DEFAULT_SALIENCY_THRESHOLD): Uint8Array {
  const metric = 'thresholdSaliency';
  checkThreshold(metric, 'threshold', threshold);
  checkSaliency(metric, saliency, { height: 1, width: saliency.length });
  const mask = new Uint8Array(saliency.length);
  for (let i = 0; i < saliency.length; i++) mask[i] = saliency[i] >= threshold ? 1 : 0;
  return mask;
}

/** Overlap counts of a checked map and mask. */
export function overlapOfMasks(predicted: Uint8Array, truth: Uint8Array): LocalisationOverlap {
  let predictedPixels = 0;
  let groundTruthPixels = 0;
  let intersectionPixels = 0;
  for (let i = 0; i < predicted.length; i++) {
    predictedPixels += predicted[i];
    groundTruthPixels += truth[i];
    intersectionPixels += predicted[i] & truth[i];
  }
  const union = predictedPixels + groundTruthPixels - intersectionPixels;
  return {
    iou: intersectionPixels / union,
    dice: (2 * intersectionPixels) / (predictedPixels + groundTruthPixels),
    ior: predictedPixels > 0 ? intersectionPixels / predictedPixels : null,
    predictedPixels,
    groundTruthPixels,
    intersectionPixels,
  };
}

function overlap(metric: string, saliency: Float32Array, groundTruth: GroundTruthRegion, options: OverlapOptions): LocalisationOverlap {
  checkMapSize(metric, options);
  const threshold = options.threshold ?? DEFAULT_SALIENCY_THRESHOLD;
  checkThreshold(metric, 'threshold', threshold);
  checkSaliency(metric, saliency, options);
  return overlapOfMasks(thresholdSaliency(saliency, threshold), groundTruthMask(metric, groundTruth, options));
}

/** IoU, Dice and IoR of one thresholded map, with the pixel counts behind them. */
export function localisationOverlap(
  saliency: Float32Array,
  groundTruth: GroundTruthRegion,
  options: OverlapOptions,
): LocalisationOverlap {
  return overlap('localisationOverlap', saliency, groundTruth, options);
}

export function localisationIou(saliency: Float32Array, groundTruth: GroundTruthRegion, options: OverlapOptions): number {
  return overlap('localisationIou', saliency, groundTruth, options).iou;
}

export function localisationDice(saliency: Float32Array, groundTruth: GroundTruthRegion, options: OverlapOptions): number {
  return overlap('localisationDice', saliency, groundTruth, options).dice;
}

/** |P ∩ G| / |P| (IoR, IoBB); throws `UndefinedMetricError` when no pixel reaches the threshold. */
export function localisationIoR(saliency: Float32Array, groundTruth: GroundTruthRegion, options: OverlapOptions): number {
  const metric = 'localisationIoR';
  const result = overlap(metric, saliency, groundTruth, options);
  if (result.ior === null) {
    throw new UndefinedMetricError(
      metric,
      'no-predicted-positives',
      `no pixel reaches the threshold ${options.threshold ?? DEFAULT_SALIENCY_THRESHOLD}, so the predicted region is empty`,
    );
  }
  return result.ior;
}
