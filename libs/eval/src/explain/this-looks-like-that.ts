import type * as tf from '@tensorflow/tfjs-core';
import { highActivationBox, type PixelBox } from '@protoscope/core-models';
import { ExplainInputError } from './errors';
import type { ExplainableModel } from './explainer';
import {
  classWeight,
  latentMap,
  latentPeak,
  logitsOf,
  readPrototypeEvidence,
  type PrototypeEvidence,
} from './prototype-evidence';
import { requestedTargets } from './targets';

const METHOD = 'this-looks-like-that';

/** Where one prototype matches one image (ProtoPNet's local analysis). */
export interface PrototypeActivation {
  prototype: number;
  /** The class the prototype belongs to. */
  class: number;
  /** The prototype's evidence: the maximum of its similarity map. */
  similarity: number;
  /** The latent cell of that maximum (the first one, row-major). */
  location: { h: number; w: number };
  /** Input pixels that latent cell sees. */
  receptiveField: PixelBox;
  /** Tight box of the pixels at or above the chosen percentile (95th) of the upsampled map. */
  highActivation: PixelBox;
  /** The similarity map bicubically upsampled to the input size, row-major H × W, in similarity units (not normalised). */
  activation: Float32Array;
}

/** A prototype's share of one class's logit. */
export interface PrototypeContribution extends PrototypeActivation {
  /** Weight of this prototype's evidence in the target logit. */
  weight: number;
  /** similarity × weight: what the prototype adds to the target logit. */
  contribution: number;
}

/** Why an image got its score for a class, in prototypes: "this part looks like that prototype". */
export interface PredictionExplanation {
  predicted: number;
  /** The class whose logit is decomposed. */
  target: number;
  logits: number[];
  /** The k active prototypes adding most to the target logit, largest contribution first. */
  prototypes: PrototypeContribution[];
  /**
   * Sum of every prototype's contribution to the target logit. The target logit minus this is what
   * the model adds besides prototypes (a pooled linear branch); for a plain ProtoPNet it is zero.
   */
  prototypeTotal: number;
}

export interface ExplainPredictionOptions {
  /** Prototypes to list per image (default 10; fewer if fewer are active). */
  k?: number;
  /** Class to explain: one for all images, one per image, or (default) each image's predicted class. */
  target?: number | readonly number[];
  /** Percentile of the upsampled map that bounds the high-activation box (default 95, as ProtoPNet). */
  percentile?: number;
}

function checkPercentile(method: string, percentile: number): void {
  if (!(percentile >= 0 && percentile <= 100)) throw new ExplainInputError(method, `percentile must lie in [0, 100], got ${percentile}`);
}

/** Prototype `j` on image `b`: peak, receptive field, upsampled map and its high-activation box. */
function activationOf(evidence: PrototypeEvidence, b: number, j: number, percentile: number): PrototypeActivation {
  const peak = latentPeak(evidence, b, j);
  const { box, upsampled } = highActivationBox(latentMap(evidence, b, j), evidence.mapSize, evidence.imageSize, percentile);
  return {
    prototype: j,
    class: evidence.classOf[j]!,
    similarity: peak.similarity,
    location: { h: peak.h, w: peak.w },
    receptiveField: evidence.hooks.receptiveField(evidence.imageSize)(peak.h, peak.w),
    highActivation: box,
    activation: upsampled,
  };
}

/**
 * ProtoPNet's local analysis for a batch: the predicted class, the logits, and the k prototypes whose
 * evidence (map maximum × class weight) adds most to the target logit, each with where it matched.
 * Pruned prototypes are never listed. One forward pass for the whole batch; the caller bounds the
 * batch size.
 */
export function explainPrediction(model: ExplainableModel, images: tf.Tensor4D, options: ExplainPredictionOptions = {}): PredictionExplanation[] {
  const { k = 10, percentile = 95 } = options;
  if (!Number.isInteger(k) || k < 1) throw new ExplainInputError(METHOD, `k must be a positive whole number, got ${k}`);
  checkPercentile(METHOD, percentile);
  const requested = requestedTargets(METHOD, options.target, images.shape[0], model.classes);
  const evidence = readPrototypeEvidence(METHOD, model, images);
  return Array.from({ length: evidence.batch }, (_, b) => {
    const { logits, predicted } = logitsOf(evidence, b);
    const target = requested?.[b] ?? predicted;
    const ranked: { j: number; similarity: number; weight: number; contribution: number }[] = [];
    let prototypeTotal = 0;
    for (let j = 0; j < evidence.prototypeCount; j++) {
      const similarity = latentPeak(evidence, b, j).similarity;
      const weight = classWeight(evidence, j, target);
      prototypeTotal += similarity * weight;
      if (evidence.active[j]) ranked.push({ j, similarity, weight, contribution: similarity * weight });
    }
    ranked.sort((x, y) => y.contribution - x.contribution || x.j - y.j);
    const prototypes = ranked.slice(0, k).map(({ j, weight, contribution }) => ({ ...activationOf(evidence, b, j, percentile), weight, contribution }));
    return { predicted, target, logits, prototypes, prototypeTotal };
  });
}

/**
 * Chosen prototypes' activation on every image (whatever their class): maps upsampled to the input
 * size and their boxes — what consistency and stability scores compare between images and between
 * clean and noisy inputs. Result [image][i] answers `prototypeIds[i]`.
 */
export function prototypeActivationMaps(
  model: ExplainableModel,
  images: tf.Tensor4D,
  prototypeIds: readonly number[],
  options: { percentile?: number } = {},
): PrototypeActivation[][] {
  const { percentile = 95 } = options;
  checkPercentile('prototype-activation-maps', percentile);
  const evidence = readPrototypeEvidence('prototype-activation-maps', model, images);
  prototypeIds.forEach((j) => {
    if (!Number.isInteger(j) || j < 0 || j >= evidence.prototypeCount) {
      throw new ExplainInputError('prototype-activation-maps', `prototype ${j} does not exist (the model has ${evidence.prototypeCount}: 0 to ${evidence.prototypeCount - 1})`);
    }
  });
  return Array.from({ length: evidence.batch }, (_, b) => prototypeIds.map((j) => activationOf(evidence, b, j, percentile)));
}
