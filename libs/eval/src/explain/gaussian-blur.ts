import * as tf from '@tensorflow/tfjs-core';

/**
 * Gaussian blur of images [B, H, W, C], each channel on its own, as two 1-D passes with a kernel of
 * radius ⌈3σ⌉. Borders are renormalised (the blur of the image divided by the blur of an all-ones image)
 * instead of padded, so edges do not darken and any image size works.
 */
export function gaussianBlur(images: tf.Tensor4D, sigma: number): tf.Tensor4D {
  if (!(sigma > 0)) throw new RangeError(`blur sigma must be positive, got ${sigma}`);
  return tf.tidy(() => {
    const radius = Math.ceil(3 * sigma);
    const taps = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
    const total = taps.reduce((sum, v) => sum + v, 0);
    const kernel = tf.tensor1d(taps.map((v) => v / total));
    const channels = images.shape[3];
    const alongRows = tf.tile(tf.reshape(kernel, [2 * radius + 1, 1, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    const alongColumns = tf.tile(tf.reshape(kernel, [1, 2 * radius + 1, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    const blur = (x: tf.Tensor4D) => tf.depthwiseConv2d(tf.depthwiseConv2d(x, alongRows, 1, 'same'), alongColumns, 1, 'same');
    return tf.div(blur(images), blur(tf.onesLike(images))) as tf.Tensor4D;
  });
}
