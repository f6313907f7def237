import * as tf from '@tensorflow/tfjs-core';

/** Keys' cubic convolution coefficient used by PyTorch and OpenCV for bicubic interpolation. */
export const BICUBIC_A = -0.75;

function cubicWeight(distance: number, a = BICUBIC_A): number {
  const x = Math.abs(distance);
  if (x <= 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  return 0;
}

/**
 * The [outSize, inSize] matrix that bicubically resamples one axis: half-pixel centres
 * (align_corners = false), four taps per output, taps beyond the border clamped to the edge pixel —
 * the convention of PyTorch's `interpolate(mode='bicubic')`, which the reference ProtoPNet code uses.
 */
export function bicubicResampleMatrix(inSize: number, outSize: number): Float32Array {
  const matrix = new Float32Array(outSize * inSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const source = (o + 0.5) * scale - 0.5;
    const base = Math.floor(source);
    for (let k = -1; k <= 2; k++) {
      const index = Math.min(inSize - 1, Math.max(0, base + k));
      matrix[o * inSize + index] += cubicWeight(source - (base + k));
    }
  }
  return matrix;
}

/**
 * Bicubic resize of NHWC images, which tfjs lacks on every backend (ProtoPNet upsamples prototype
 * activation maps this way before taking the 95th-percentile box). Separable: two matrix products,
 * so it is differentiable and runs in the backend's GEMM.
 */
export function resizeBicubic(images: tf.Tensor4D, [outHeight, outWidth]: [number, number]): tf.Tensor4D {
  const [batch, height, width, channels] = images.shape;
  return tf.tidy(() => {
    const rows = tf.tensor2d(bicubicResampleMatrix(height, outHeight), [outHeight, height]);
    const cols = tf.tensor2d(bicubicResampleMatrix(width, outWidth), [outWidth, width]);
    // [B, H, W, C] → [B·C·H, W] · colsᵀ → [B, C, H, W'] → [B·C·W', H] · rowsᵀ → [B, C, W', H'] → NHWC.
    const planes = tf.reshape(tf.transpose(images, [0, 3, 1, 2]), [batch * channels * height, width]);
    const alongWidth = tf.reshape(tf.matMul(planes, cols, false, true), [batch, channels, height, outWidth]);
    const columnsFirst = tf.reshape(tf.transpose(alongWidth, [0, 1, 3, 2]), [batch * channels * outWidth, height]);
    const alongHeight = tf.reshape(tf.matMul(columnsFirst, rows, false, true), [batch, channels, outWidth, outHeight]);
    return tf.transpose(alongHeight, [0, 3, 2, 1]) as tf.Tensor4D;
  });
}
