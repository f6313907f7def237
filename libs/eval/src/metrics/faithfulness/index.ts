/**
 * Faithfulness metrics: does removing what the map calls important change the model's decision?
 *
 * - Deletion / insertion (RISE): change pixels in order of saliency — deletion replaces them with a
 *   substrate (zero = mean colour of a normalised image, per-channel mean, or blur), insertion puts
 *   them back into a blurred image — and record the target-class probability after every `step`
 *   pixels; AUC = (Σ s − s₀/2 − s_n/2)/n. Deletion: lower is better; insertion: higher is better.
 *
 * These are the only metrics that call a model; the intermediate images are batched into
 * `batchSize` images per forward pass.
 */
export {
  curveAuc,
  DEFAULT_DELETION_INSERTION_BATCH_SIZE,
  deletionInsertion,
  type DeletionInsertionMode,
  type DeletionInsertionOptions,
  type DeletionInsertionResult,
  type DeletionInsertionSubstrate,
} from './deletion-insertion';
export { RISE_BLUR_KERNEL_SIZE, RISE_BLUR_SIGMA, riseBlur, riseBlurKernel1d, type BlurOptions } from './blur';
