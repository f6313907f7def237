import * as tf from '@tensorflow/tfjs-core';
import { type GradConfig, Relu } from '@tensorflow/tfjs-core';

/**
 * ReLU's gradient, dy · step(x). tfjs casts x to float32 first, which for a float32 x is a full copy
 * of every activation map (≈7 ms a step on the reference workload's first layer); skip it then.
 */
export const reluGradConfig: GradConfig = {
  kernelName: Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => tf.mul(dy as tf.Tensor, tf.step(x.dtype === 'float32' ? x : tf.cast(x, 'float32'))) };
  },
};
