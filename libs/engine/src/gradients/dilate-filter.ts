import * as tf from '@tensorflow/tfjs-core';

/**
 * A filter [KH, KW, ·, ·] with (d−1) zeros between taps: [(KH−1)·dh+1, (KW−1)·dw+1, ·, ·]. A dilated
 * convolution is exactly a plain convolution with this filter, which lets the gradients of dilated
 * convolutions reuse the undilated gradient kernels.
 */
export function dilateFilter(filter: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  const [kh, kw, a, b] = filter.shape;
  return tf.tidy(() => {
    const spaced = tf.pad(tf.reshape(filter, [kh, 1, kw, 1, a, b]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
    return tf.slice(tf.reshape(spaced, [kh * dh, kw * dw, a, b]), [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, a, b]) as tf.Tensor4D;
  });
}

/** The taps of a dilated-filter gradient that belong to the real filter (the inverse of dilateFilter). */
export function undilateFilter(dilated: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  const [h, w, a, b] = dilated.shape;
  return tf.stridedSlice(dilated, [0, 0, 0, 0], [h, w, a, b], [dh, dw, 1, 1]) as tf.Tensor4D;
}

export function dilationPair(dilations: number | [number, number] | undefined): [number, number] {
  if (dilations == null) return [1, 1];
  return typeof dilations === 'number' ? [dilations, dilations] : dilations;
}
