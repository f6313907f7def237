import * as tf from '@tensorflow/tfjs-core';
import { type GradConfig, Relu } from '@tensorflow/tfjs-core';

/** The native ReLU gradient: dy where x > 0, else 0, in one pass (PyTorch's threshold_backward). */
export const THRESHOLD_BACKWARD = 'ThresholdBackward';

const wrapped = new WeakSet<GradConfig>();

/**
 * Wraps Relu's registered gradient so that on the torch backend it is one native kernel instead of
 * step(x) and a product; elsewhere the wrapped gradient runs unchanged. Call after every other
 * gradient registration (the engine re-registers its own on each initEngine).
 */
export function registerTorchGradients(): void {
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
