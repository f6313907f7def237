import type * as tf from '@tensorflow/tfjs-core';
import type { ExplainHooks } from '@protoscope/core-models';

/**
 * A trained classifier as explanation methods see it. `logits` is all a model-agnostic method
 * (RISE, occlusion, MDM, IG) may call; `hooks` give gradient-based and prototype methods the layer
 * they need.
 */
export interface ExplainableModel {
  /** Logits [B, K] in inference mode (differentiable with respect to the images). */
  logits(images: tf.Tensor4D): tf.Tensor2D;
  classes: number;
  hooks?: ExplainHooks;
  /** What the model is (its method id, e.g. `protopnet`), so an error can say which model lacks what. */
  name?: string;
  /**
   * Two-view models: the model of one main view with `other` (one image [1, H, W, C]) as its other
   * view, explained by any method; its hooks add `otherView` (cross-attention). Dispose when done.
   */
  bindOtherView?(other: tf.Tensor4D): ExplainableModel & { dispose(): void };
  /** Of a bound two-view model: where each main-view cell looks in the other view. */
  otherView?: OtherViewHooks;
}

/** A bound two-view model's cross-attention, from the main view's feature map. */
export interface OtherViewHooks {
  /** [B, h·w (main), h·w (other)], averaged over heads; rows sum to 1. */
  attention(featuresMain: tf.Tensor4D): tf.Tensor3D;
  /** The other view's feature grid [h, w]. */
  grid: [number, number];
}

export interface AttributeOptions {
  /** Class to explain: one for all images, one per image, or (default) each image's predicted class. */
  target?: number | readonly number[];
  /** Seed of every random choice the method makes (RISE masks, MDM initialisation). */
  seed?: number;
  /** Images (or masked copies) per forward pass; bounds memory. */
  batchSize?: number;
  /** Called as work advances (long methods: RISE, MDM, occlusion). */
  onProgress?: (done: number, total: number) => void;
}

/** Heat maps of a batch at input resolution. */
export interface Heatmaps {
  /** One row-major height × width map per image. */
  maps: Float32Array[];
  height: number;
  width: number;
  /** The class each map explains. */
  targets: number[];
  /**
   * 'unit': scaled to [0, 1] (CAMs, RISE, MDM, prototype maps); 'signed': raw attributions that keep
   * their units and sign (IG, occlusion), so completeness can be checked.
   */
  scale: 'unit' | 'signed';
  /**
   * Integrated Gradients only: per image, Σ attributions − (f(x) − f(x')) of the target logit (Captum's
   * `convergence_delta`); near 0 when the path integral was approximated well.
   */
  convergenceDelta?: number[];
}

/** One attribution method, one call — as Captum's `attribute`. */
export interface Explainer {
  readonly id: string;
  attribute(images: tf.Tensor4D, options?: AttributeOptions): Promise<Heatmaps>;
}
