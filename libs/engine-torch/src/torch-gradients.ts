import * as tf from '@tensorflow/tfjs-core';
import { type GradConfig, type NamedAttrMap, Relu } from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from './kernels';

/** The native ReLU gradient: dy where x > 0, else 0, in one pass (PyTorch's threshold_backward). */
export const THRESHOLD_BACKWARD = 'ThresholdBackward';

const wrapped = new WeakSet<GradConfig>();

/**
 * Wraps Relu's registered gradient so that on the torch backend it is one native kernel instead of
 * step(x) and a product; elsewhere the wrapped gradient runs unchanged. Call after every other
 * gradient registration (the engine re-registers its own on each initEngine).
 */
export function registerTorchGradients(): void {
  registerBatchNormTrainingGradient();
  const previous = tf.getGradient(Relu);
  if (previous && wrapped.has(previous)) return;
  const config: GradConfig = {
    kernelName: Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      if (tf.getBackend() !== 'torch' || !previous) return previous!.gradFunc(dy, saved, attrs);
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.engine().runKernel(THRESHOLD_BACKWARD, { dy: dy as tf.Tensor, x }) as tf.Tensor };
    },
  };
  if (previous) tf.unregisterGradient(Relu);
  tf.registerGradient(config);
  wrapped.add(config);
}

/**
 * The gradient of the native batch norm: one kernel gives dx, dγ and dβ (PyTorch's
 * native_batch_norm_backward). Gradients flow through y only: the batch mean and variance it also
 * returns feed the moving statistics, which are never differentiated.
 */
function registerBatchNormTrainingGradient(): void {
  if (tf.getGradient(BATCH_NORM_TRAINING)) return;
  tf.registerGradient({
    kernelName: BATCH_NORM_TRAINING,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const dy = Array.isArray(dys) ? dys[0]! : dys;
      // One native call for all three, made here rather than in the first thunk: tfjs runs each thunk in
      // its own tidy, which would dispose the outputs the other two return.
      const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, { dy, x, gamma, mean, variance }, attrs as NamedAttrMap) as tf.Tensor[];
      return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
    },
  });
}
