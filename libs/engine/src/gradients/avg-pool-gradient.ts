import * as tf from '@tensorflow/tfjs-core';
import { AvgPool, AvgPoolGrad, type AvgPoolAttrs, type GradConfig } from '@tensorflow/tfjs-core';

/** For each output position along one axis, how many of its window's taps fall inside the image. */
function inImageCounts(outSize: number, stride: number, before: number, window: number, inSize: number): number[] {
  return Array.from({ length: outSize }, (_, o) => {
    const start = o * stride - before;
    return Math.max(0, Math.min(start + window, inSize) - Math.max(start, 0));
  });
}

/**
 * Gradient of AvgPool with padding ('same', explicit, or a rounding mode that adds a partial window).
 * The forward pass averages each window over its in-image pixels only (TensorFlow's convention, on
 * every backend), but tfjs's AvgPoolGrad kernels divide every window's dy by the full kh·kw, which
 * is too small wherever a window overlaps the padding. Each window's dy is therefore first scaled by
 * kh·kw / (its in-image count); the kernel then spreads it, divided by kh·kw, over exactly the
 * windows the forward pass used (same geometry, from computePool2DInfo), i.e. over in-image pixels
 * divided by their count. With 'valid' padding the scale is 1 everywhere.
 */
export const avgPoolGradConfig: GradConfig = {
  kernelName: AvgPool,
  inputsToSave: ['x'],
  gradFunc: (dyOrDys, saved, attrs) => {
    const dy = dyOrDys as tf.Tensor4D;
    const [x] = saved as [tf.Tensor4D];
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as AvgPoolAttrs;
    return {
      x: () => {
        const info = tf.backend_util.computePool2DInfo(x.shape, filterSize, strides, 1, pad, dimRoundingMode);
        const { outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
        const rows = inImageCounts(outHeight, strideHeight, padInfo.top, filterHeight, info.inHeight);
        const cols = inImageCounts(outWidth, strideWidth, padInfo.left, filterWidth, info.inWidth);
        const scale = new Float32Array(outHeight * outWidth);
        rows.forEach((r, i) => cols.forEach((c, j) => (scale[i * outWidth + j] = r * c > 0 ? (filterHeight * filterWidth) / (r * c) : 0)));
        const scaled = tf.mul(dy, tf.tensor4d(scale, [1, outHeight, outWidth, 1]));
        // The kernels take no rounding mode: if it changed the output size, say where the last window
        // ends with explicit padding instead.
        const plain = tf.backend_util.computePool2DInfo(x.shape, filterSize, strides, 1, pad);
        const kernelPad: AvgPoolAttrs['pad'] =
          plain.outHeight === outHeight && plain.outWidth === outWidth
            ? pad
            : [
                [0, 0],
                [padInfo.top, Math.max(0, (outHeight - 1) * strideHeight + filterHeight - info.inHeight - padInfo.top)],
                [padInfo.left, Math.max(0, (outWidth - 1) * strideWidth + filterWidth - info.inWidth - padInfo.left)],
                [0, 0],
              ];
        return tf.engine().runKernel(AvgPoolGrad, { dy: scaled, input: x }, { filterSize, strides, pad: kernelPad } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor;
      },
    };
  },
};
