import * as tf from '@tensorflow/tfjs-core';
import type { ExplainableModel } from '@protoscope/eval';
import type { ImageSet } from '../runs/image-set';

/**
 * Models with a map of their own per finding (ham, lesion-linked): σ of each finding's presence logit
 * for every image of the set, in item order — the lesions a diagnosis was computed from. Undefined for
 * models without finding maps.
 */
export function findingPresences(explainable: ExplainableModel, images: ImageSet): number[][] | undefined {
  const hooks = explainable.hooks;
  const own = hooks?.findingMaps;
  if (!hooks || !own) return undefined;
  const rows: number[][] = [];
  for (const { images: batch, otherImages } of images.batches()) {
    rows.push(...(tf.tidy(() => tf.sigmoid(own.presence(hooks.features(batch))).arraySync()) as number[][]));
    tf.dispose([batch, ...(otherImages ? [otherImages] : [])]);
  }
  return rows;
}
