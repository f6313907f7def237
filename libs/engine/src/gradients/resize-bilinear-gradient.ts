import * as tf from '@tensorflow/tfjs-core';
import { ResizeBilinear, ResizeBilinearGrad, type GradConfig, type ResizeBilinearAttrs } from '@tensorflow/tfjs-core';

/**
 * The [outSize, inSize] matrix of tfjs's bilinear resampling of one axis with half-pixel centres, built
 * as its forward kernels do: source = (o + 0.5)·in/out − 0.5; the lower neighbour max(0, ⌊source⌋)
 * gets weight 1 − (source − lower), the upper min(in − 1, ⌈source⌉) gets source − lower. Near the
 * borders both neighbours are the same pixel, whose weight then adds up to 1.
 */
export function bilinearHalfPixelMatrix(inSize: number, outSize: number): Float32Array {
  const matrix = new Float32Array(outSize * inSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const source = (o + 0.5) * scale - 0.5;
    const lower = Math.max(0, Math.floor(source));
    const upper = Math.min(inSize - 1, Math.ceil(source));
    const fraction = source - lower;
    matrix[o * inSize + lower] += 1 - fraction;
    matrix[o * inSize + upper] += fraction;
  }
  return matrix;
}

/**
 * The adjoint of the half-pixel-centre bilinear resize: the forward pass is y = R_h · x · R_wᵀ per
 * image plane, so dx = R_hᵀ · dy · R_w, two matrix products on NHWC via transposes (as resizeBicubic).
 */
function halfPixelResizeGradient(dy: tf.Tensor4D, [batch, height, width, channels]: readonly number[]): tf.Tensor4D {
  const [, outHeight, outWidth] = dy.shape;
  const rows = tf.tensor2d(bilinearHalfPixelMatrix(height!, outHeight), [outHeight, height!]);
  const cols = tf.tensor2d(bilinearHalfPixelMatrix(width!, outWidth), [outWidth, width!]);
  // [B, H', W', C] → [B·C·H', W'] · cols → [B, C, H', W] → [B·C·W, H'] · rows → [B, C, W, H] → NHWC.
  const planes = tf.reshape(tf.transpose(dy, [0, 3, 1, 2]), [batch! * channels! * outHeight, outWidth]);
  const alongWidth = tf.reshape(tf.matMul(planes, cols), [batch!, channels!, outHeight, width!]);
  const columnsFirst = tf.reshape(tf.transpose(alongWidth, [0, 1, 3, 2]), [batch! * channels! * width!, outHeight]);
  const alongHeight = tf.reshape(tf.matMul(columnsFirst, rows), [batch!, channels!, width!, height!]);
  return tf.transpose(alongHeight, [0, 3, 2, 1]) as tf.Tensor4D;
}

/**
 * Gradient of ResizeBilinear. tfjs's ResizeBilinearGrad kernels (cpu and wasm) ignore
 * halfPixelCenters and scatter dy with the legacy source = o·in/out mapping, so with half-pixel
 * centres the gradient is wrong; that case uses the exact adjoint above. Otherwise (alignCorners or
 * the legacy default, which the kernels get right) the original kernel runs; its result is reshaped
 * to the images' shape because the cpu kernel labels it [B, W, H, C] (values laid out as [B, H, W, C]).
 */
export const resizeBilinearGradConfig: GradConfig = {
  kernelName: ResizeBilinear,
  inputsToSave: ['images'],
  gradFunc: (dyOrDys, saved, attrs) => {
    const dy = dyOrDys as tf.Tensor4D;
    const [images] = saved as [tf.Tensor4D];
    const { halfPixelCenters } = attrs as unknown as ResizeBilinearAttrs;
    return {
      images: () =>
        halfPixelCenters
          ? halfPixelResizeGradient(dy, images.shape)
          : tf.reshape(tf.engine().runKernel(ResizeBilinearGrad, { images, dy }, attrs) as unknown as tf.Tensor, images.shape),
    };
  },
};
