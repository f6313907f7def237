/**
 * Prototype metrics: are the learned prototypes diverse, and do they mean the same thing on every
 * image of their class?
 *
 * - Diversity: distinct source images of the prototypes; mean / minimum pairwise distance of the
 *   prototype vectors and their near-duplicate pairs.
 * - EvalProtoPNet consistency and stability (Huang et al.): from each prototype's latent activation
 *   maps on its own-class images and the images' part keypoints — bicubic upsample, argmax, a
 *   half-size-36 box (at 224 px; scaled with the image), covered visible parts. Consistent: some
 *   part covered on ≥ 80 % of the images where it is visible; stable: the same parts covered with
 *   and without `addStabilityNoise` (N(0, 0.2²) clipped to ±0.25 on the normalised input).
 *   Both scores are percentages.
 */
export {
  EVAL_PROTOPNET_HALF_SIZE,
  EVAL_PROTOPNET_IMAGE_SIZE,
  prototypePartCoverage,
  type PartActivation,
  type PartCoverage,
  type PartKeypoint,
  type PartRegionOptions,
  type PrototypeRegion,
} from './part-coverage';
export {
  DEFAULT_CONSISTENCY_FREQUENCY,
  prototypeConsistency,
  type ConsistencyOptions,
  type ConsistencyResult,
  type PrototypeConsistency,
} from './consistency';
export { prototypeStability, type PairedPartActivation, type StabilityResult } from './stability';
export {
  addStabilityNoise,
  STABILITY_NOISE_BOUND,
  STABILITY_NOISE_STD,
  stabilityNoise,
  type StabilityNoiseOptions,
} from './stability-noise';
export { prototypeSourceDiversity, type SourceDiversity } from './source-diversity';
export {
  DEFAULT_DUPLICATE_THRESHOLD,
  prototypeVectorDiversity,
  type PrototypeDistance,
  type VectorDiversity,
  type VectorDiversityOptions,
} from './vector-diversity';
