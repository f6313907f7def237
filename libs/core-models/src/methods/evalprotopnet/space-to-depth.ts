import * as tf from '@tensorflow/tfjs-core';

/**
 * Space-to-depth (tfjs has no such op): every r_h×r_w block of an NHWC map becomes one cell whose
 * channels are the block's cells stacked, [B, H, W, C] → [B, H/r_h, W/r_w, r_h·r_w·C], channel index
 * (dy·r_w + dx)·C + c — TensorFlow's `space_to_depth` order. H and W must be multiples of the block.
 * Built from reshape and transpose only, so it is differentiable on every backend.
 */
export function spaceToDepth(x: tf.Tensor4D, blockSize: number | readonly [number, number]): tf.Tensor4D {
  const [rh, rw] = typeof blockSize === 'number' ? [blockSize, blockSize] : blockSize;
  const [b, h, w, c] = x.shape;
  if (!(Number.isInteger(rh) && rh > 0 && Number.isInteger(rw) && rw > 0)) {
    throw new RangeError(`spaceToDepth: block size must be positive integers, got [${rh}, ${rw}]`);
  }
  if (h % rh !== 0 || w % rw !== 0) {
    throw new RangeError(`spaceToDepth: a ${h}×${w} map does not divide into ${rh}×${rw} blocks`);
  }
  if (rh === 1 && rw === 1) return tf.clone(x);
  return tf.tidy(() => {
    const blocks = tf.reshape(x, [b, h / rh, rh, w / rw, rw, c]);
    const grouped = tf.transpose(blocks, [0, 1, 3, 2, 4, 5]);
    return tf.reshape(grouped, [b, h / rh, w / rw, rh * rw * c]) as tf.Tensor4D;
  });
}

/**
 * A shallow map brought onto a deeper, coarser grid [h, w]: the largest whole blocks
 * (⌊H/h⌋ × ⌊W/w⌋) are stacked into channels; rows and columns beyond h·r_h, w·r_w (when a backbone's
 * downsampling rounds down) are dropped from the bottom and right.
 */
export function shallowOntoGrid(shallow: tf.Tensor4D, grid: readonly [number, number]): tf.Tensor4D {
  const [, hs, ws] = shallow.shape;
  const [h, w] = grid;
  const rh = Math.floor(hs / h);
  const rw = Math.floor(ws / w);
  if (rh < 1 || rw < 1) throw new RangeError(`SDFA: the shallow map (${hs}×${ws}) is coarser than the deep grid (${h}×${w})`);
  return tf.tidy(() => {
    const cropped = rh * h === hs && rw * w === ws ? shallow : tf.slice(shallow, [0, 0, 0, 0], [-1, rh * h, rw * w, -1]);
    return spaceToDepth(cropped, [rh, rw]);
  });
}
