/**
 * Localisation metrics: does a saliency map point at the annotated region?
 *
 * Inputs are plain: a row-major `Float32Array` map of `height × width`, and ground truth as a
 * `Uint8Array` mask of the same size (non-zero = inside) or the dataset manifest's boxes
 * (`{ x, y, width, height }` in pixels; a pixel belongs to a box when its centre does — `x` inclusive,
 * `x + width` exclusive for integer boxes; several boxes mean their union).
 *
 * - Pointing game (TorchRay): argmax (first max) within `tolerance` px (default 15) of the ground
 *   truth; per-class accuracy and its mean over classes.
 * - Energy-based pointing game: share of the map's mass inside the ground truth.
 * - IoU, Dice and IoR (= IoBB) of the map thresholded at ≥ 0.5 (option).
 * - HAM's T(IoU) at 0.1…0.7 and T(IoR) at 0.1, 0.25, 0.5, 0.75, 0.9: per class, the fraction of
 *   images whose overlap is ≥ each threshold.
 */
export { type Box, type GroundTruthRegion, type LocalisationCase, type MapSize } from './inputs';
export {
  DEFAULT_POINTING_TOLERANCE,
  pointingGame,
  pointingGameHit,
  POINTING_TOLERANCE_REFERENCE_SIZE,
  scaledPointingTolerance,
  type PointingGameClass,
  type PointingGameHit,
  type PointingGameOptions,
  type PointingGameResult,
} from './pointing-game';
export { energyPointingGame } from './energy-pointing-game';
export {
  DEFAULT_SALIENCY_THRESHOLD,
  localisationDice,
  localisationIoR,
  localisationIou,
  localisationOverlap,
  thresholdSaliency,
  type LocalisationOverlap,
  type OverlapOptions,
} from './overlap';
export {
  HAM_IOR_THRESHOLDS,
  HAM_IOU_THRESHOLDS,
  hamLocalisationAccuracy,
  type HamClassAccuracy,
  type HamLocalisationAccuracy,
  type HamLocalisationOptions,
} from './ham-localisation-accuracy';
