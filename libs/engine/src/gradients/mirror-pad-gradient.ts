import * as tf from '@tensorflow/tfjs-core';
import { MirrorPad, type GradConfig, type MirrorPadAttrs } from '@tensorflow/tfjs-core';

/**
 * The gradient of mirror-padding one axis of length n by [before, after]: the interior of g, plus each
 * border of g flipped and added onto the elements it was copied from. 'reflect' mirrors about the
 * edge element (border before = x[before..1], after = x[n−2..n−1−after]); 'symmetric' repeats the edge
 * (x[before−1..0] and x[n−1..n−after]).
 */
function foldAxis(g: tf.Tensor, axis: number, n: number, [before, after]: [number, number], mode: MirrorPadAttrs['mode']): tf.Tensor {
  // A view [outer, before + n + after, inner] keeps every op at rank 3 whatever the rank of x.
  const outer = g.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = g.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const view = tf.reshape(g, [outer, before + n + after, inner]);
  const part = (start: number, length: number) => tf.slice(view, [0, start, 0], [outer, length, inner]);
  const placed = (border: tf.Tensor, lead: number, trail: number) => tf.pad(tf.reverse(border, 1), [[0, 0], [lead, trail], [0, 0]]);
  const edge = mode === 'reflect' ? 1 : 0;
  let dx = part(before, n);
  if (before > 0) dx = tf.add(dx, placed(part(0, before), edge, n - edge - before));
  if (after > 0) dx = tf.add(dx, placed(part(before + n, after), n - edge - after, edge));
  return tf.reshape(dx, g.shape.map((d, i) => (i === axis ? n : d)));
}

/**
 * Gradient of MirrorPad ('reflect' and 'symmetric'). Every padded element is a copy of an interior one,
 * so its gradient belongs to that element; tfjs only slices the interior out of dy and drops the
 * copies' share. Here the borders are folded back onto the interior, axis by axis.
 */
export const mirrorPadGradConfig: GradConfig = {
  kernelName: MirrorPad,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { paddings, mode } = attrs as unknown as MirrorPadAttrs;
    return {
      x: () =>
        paddings.reduce<tf.Tensor>(
          (g, padding, axis) => (padding[0] === 0 && padding[1] === 0 ? g : foldAxis(g, axis, x.shape[axis]!, padding, mode)),
          dy as tf.Tensor,
        ),
    };
  },
};
