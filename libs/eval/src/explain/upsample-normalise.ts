import * as tf from '@tensorflow/tfjs-core';
import type { Heatmaps } from './explainer';

/**
 * Bilinear resize of maps [B, h, w] to [B, height, width] with half-pixel centres — source coordinate
 * (o + ½)·in/out − ½, clamped at the borders — which is what OpenCV's INTER_LINEAR and
 * `tf.image.resize_bilinear(…, half_pixel_centers=True)` do, so maps line up with the pixels they cover.
 */
export function upsampleBilinear(maps: tf.Tensor3D, [height, width]: readonly [number, number]): tf.Tensor3D {
  return tf.tidy(() => {
    if (maps.shape[1] === height && maps.shape[2] === width) return tf.clone(maps);
    const resized = tf.image.resizeBilinear(tf.expandDims(maps, 3) as tf.Tensor4D, [height, width], false, true);
    return tf.squeeze(resized, [3]) as tf.Tensor3D;
  });
}

/**
 * Relative spread below which a map counts as constant: interpolation of a constant map can leave
 * float32 rounding noise, which min-max scaling would blow up into a random pattern.
 */
const CONSTANT_SPREAD = 1e-6;

/**
 * Per-map min-max scaling of [B, h, w] to [0, 1]: (A − min)/(max − min). A constant map (all zeros
 * after a ReLU, say) carries no ranking and becomes all zeros rather than NaN.
 */
export function normaliseMinMax(maps: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const low = tf.min(maps, [1, 2], true);
    const high = tf.max(maps, [1, 2], true);
    const spread = tf.sub(high, low);
    const magnitude = tf.maximum(tf.abs(high), tf.abs(low));
    const varies = tf.greater(spread, tf.mul(magnitude, CONSTANT_SPREAD));
    const safeSpread = tf.where(varies, spread, tf.onesLike(spread));
    return tf.where(tf.broadcastTo(varies, maps.shape), tf.div(tf.sub(maps, low), safeSpread), tf.zerosLike(maps)) as tf.Tensor3D;
  });
}

/** Reads maps [B, H, W] into a `Heatmaps` (one row-major array per image); disposes `maps`. */
export async function toHeatmaps(
  maps: tf.Tensor3D,
  targets: number[],
  scale: Heatmaps['scale'],
  extra: Pick<Heatmaps, 'convergenceDelta'> = {},
): Promise<Heatmaps> {
  const [batch, height, width] = maps.shape;
  const values = (await maps.data()) as Float32Array;
  maps.dispose();
  const size = height * width;
  const perImage = Array.from({ length: batch }, (_, b) => values.slice(b * size, (b + 1) * size));
  return { maps: perImage, height, width, targets, scale, ...extra };
}
