import * as tf from '@tensorflow/tfjs-core';
import type { ExplainHooks, PrototypeHooks } from '@protoscope/core-models';
import { UnsupportedModelError } from './errors';
import type { ExplainableModel } from './explainer';

/**
 * One batch's prototype evidence, read back from the model once: every prototype's latent similarity
 * map, the logits and the class weights. Prototype explanations (the activation explainer, "this
 * looks like that") are all bookkeeping on these arrays, so they share this one forward pass.
 */
export interface PrototypeEvidence {
  batch: number;
  /** Latent grid [h, w] of the similarity maps. */
  mapSize: [number, number];
  /** Input image size [H, W]. */
  imageSize: [number, number];
  prototypeCount: number;
  classes: number;
  /** Similarity maps [B, h, w, M], row-major. */
  maps: Float32Array;
  /** Logits [B, K]. */
  logits: Float32Array;
  /** Class weights [M, K]: one unit of prototype j's evidence adds weights[j·K + k] to logit k. */
  weights: Float32Array;
  classOf: readonly number[];
  active: boolean[];
  hooks: ExplainHooks;
}

/** A prototype's evidence on one image: its map's maximum and the first cell (row-major) that reaches it. */
export interface LatentPeak {
  similarity: number;
  h: number;
  w: number;
}

/** The model's prototype hooks, or an error naming the method that needed them. */
export function prototypeHooksOf(method: string, model: ExplainableModel): { hooks: ExplainHooks; prototypes: PrototypeHooks } {
  const prototypes = model.hooks?.prototypes;
  if (!model.hooks || !prototypes) {
    throw new UnsupportedModelError(method, model.name ?? 'unnamed', 'prototype layer (prototype explanations need a ProtoPNet-style model)');
  }
  return { hooks: model.hooks, prototypes };
}

/** Runs the backbone and the prototype layer once and reads the evidence back; no tensor outlives the call. */
export function readPrototypeEvidence(method: string, model: ExplainableModel, images: tf.Tensor4D): PrototypeEvidence {
  const { hooks, prototypes } = prototypeHooksOf(method, model);
  const [maps, logits, weights] = tf.tidy(() => {
    const features = hooks.features(images);
    return [prototypes.similarityMaps(features), hooks.logitsFromFeatures(features), prototypes.classWeights()];
  });
  try {
    const [batch, h, w, count] = maps.shape;
    const evidence: PrototypeEvidence = {
      batch,
      mapSize: [h, w],
      imageSize: [images.shape[1], images.shape[2]],
      prototypeCount: count,
      classes: logits.shape[1],
      maps: maps.dataSync() as Float32Array,
      logits: logits.dataSync() as Float32Array,
      weights: weights.dataSync() as Float32Array,
      classOf: prototypes.classOf,
      active: prototypes.active(),
      hooks,
    };
    if (weights.shape[0] !== count || weights.shape[1] !== evidence.classes || evidence.classOf.length !== count) {
      throw new UnsupportedModelError(
        method,
        model.name ?? 'unnamed',
        `consistent prototype layer (${count} similarity maps, class weights ${weights.shape.join('×')}, ${evidence.classOf.length} prototype classes, ${evidence.classes} logits)`,
      );
    }
    return evidence;
  } finally {
    tf.dispose([maps, logits, weights]);
  }
}

/** Prototype `j`'s latent map on image `b`, row-major h × w. */
export function latentMap(evidence: PrototypeEvidence, b: number, j: number): Float32Array {
  const [h, w] = evidence.mapSize;
  const m = evidence.prototypeCount;
  const out = new Float32Array(h * w);
  const base = b * h * w * m;
  for (let cell = 0; cell < h * w; cell++) out[cell] = evidence.maps[base + cell * m + j]!;
  return out;
}

/** The maximum of prototype `j`'s map on image `b` and its first (row-major) position, as numpy's argmax. */
export function latentPeak(evidence: PrototypeEvidence, b: number, j: number): LatentPeak {
  const map = latentMap(evidence, b, j);
  let best = 0;
  for (let cell = 1; cell < map.length; cell++) if (map[cell]! > map[best]!) best = cell;
  const width = evidence.mapSize[1];
  return { similarity: map[best]!, h: Math.floor(best / width), w: best % width };
}

/** Weight of prototype `j` towards class `k`. */
export function classWeight(evidence: PrototypeEvidence, j: number, k: number): number {
  return evidence.weights[j * evidence.classes + k]!;
}

/** Image `b`'s logits and its predicted class (the first maximum). */
export function logitsOf(evidence: PrototypeEvidence, b: number): { logits: number[]; predicted: number } {
  const k = evidence.classes;
  const logits = Array.from(evidence.logits.subarray(b * k, (b + 1) * k));
  let predicted = 0;
  logits.forEach((v, c) => {
    if (v > logits[predicted]!) predicted = c;
  });
  return { logits, predicted };
}

/** The target class's active prototype with the largest similarity × weight on image `b`, or -1 if it has none. */
export function strongestOwnPrototype(evidence: PrototypeEvidence, b: number, target: number): number {
  let best = -1;
  let bestContribution = -Infinity;
  for (let j = 0; j < evidence.prototypeCount; j++) {
    if (evidence.classOf[j] !== target || !evidence.active[j]) continue;
    const contribution = latentPeak(evidence, b, j).similarity * classWeight(evidence, j, target);
    if (contribution > bestContribution) [best, bestContribution] = [j, contribution];
  }
  return best;
}
