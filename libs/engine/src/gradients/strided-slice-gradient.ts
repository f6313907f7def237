import * as tf from '@tensorflow/tfjs-core';
import { StridedSlice, type GradConfig, type StridedSliceAttrs } from '@tensorflow/tfjs-core';

/**
 * Gradient of StridedSlice, which tfjs lacks altogether. tfjs's own `slice_util.sliceInfo` (the
 * forward kernels' parser) resolves every mask (begin/end, ellipsis, new-axis, shrink-axis) and
 * negative indices into one begin and stride per input axis; element k along axis i was read from
 * begin_i + k·stride_i. So dy, reshaped to those per-axis counts, is flipped along the axes with
 * negative strides (making every stride positive), then axis by axis spread out with |stride| − 1
 * zeros between elements and padded into place: zeros wherever x was not read.
 */
export function stridedSliceGradient(dy: tf.Tensor, xShape: readonly number[], attrs: StridedSliceAttrs): tf.Tensor {
  const { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask } = attrs;
  const info = tf.slice_util.sliceInfo([...xShape], begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask);
  const rank = xShape.length;
  if (info.begin.length !== rank || info.end.length !== rank || info.strides.length !== rank) {
    throw new Error(`StridedSlice gradient: could not resolve begin/end/strides for every axis of an input of shape [${xShape.join(', ')}]`);
  }
  const counts = info.strides.map((stride, i) => {
    const length = info.end[i]! - info.begin[i]!;
    return length === 0 || (length < 0) !== (stride < 0) ? 0 : Math.ceil(length / stride);
  });
  const count = counts.reduce((p, c) => p * c, 1);
  if (count !== dy.size) {
    throw new Error(
      `StridedSlice gradient: the resolved slice has ${count} elements (counts [${counts.join(', ')}]) but dy has ${dy.size}; ` +
        `masks begin ${beginMask}, end ${endMask}, ellipsis ${ellipsisMask}, newAxis ${newAxisMask}, shrinkAxis ${shrinkAxisMask}`,
    );
  }
  if (count === 0) return tf.zeros([...xShape], dy.dtype);

  let g = tf.reshape(dy, counts);
  const reversed = info.strides.flatMap((stride, i) => (stride < 0 ? [i] : []));
  if (reversed.length > 0) g = tf.reverse(g, reversed);
  // After flipping, axis i starts at its last-read index and steps forward by |stride|. Each axis is
  // placed in a view [outer, n, inner], so no pad exceeds rank 4 (wasm's XNNPACK pad allows only 6).
  const shape = [...counts];
  for (let i = 0; i < rank; i++) {
    const n = counts[i]!;
    const step = Math.abs(info.strides[i]!);
    const first = info.strides[i]! < 0 ? info.begin[i]! + (n - 1) * info.strides[i]! : info.begin[i]!;
    const span = (n - 1) * step + 1;
    if (step === 1 && n === xShape[i]) continue;
    const outer = shape.slice(0, i).reduce((p, d) => p * d, 1);
    const inner = shape.slice(i + 1).reduce((p, d) => p * d, 1);
    let view = tf.reshape(g, [outer, n, inner]);
    if (step > 1) {
      // [outer, n, 1, inner] → pad to [outer, n, step, inner] → [outer, n·step, inner] → keep the first span.
      const spread = tf.pad(tf.reshape(view, [outer, n, 1, inner]), [[0, 0], [0, 0], [0, step - 1], [0, 0]]);
      view = tf.slice(tf.reshape(spread, [outer, n * step, inner]), [0, 0, 0], [outer, span, inner]);
    }
    shape[i] = xShape[i]!;
    g = tf.reshape(tf.pad(view, [[0, 0], [first, xShape[i]! - first - span], [0, 0]]), shape);
  }
  return g;
}

export const stridedSliceGradConfig: GradConfig = {
  kernelName: StridedSlice,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => stridedSliceGradient(dy as tf.Tensor, x.shape, attrs as unknown as StridedSliceAttrs) };
  },
};
