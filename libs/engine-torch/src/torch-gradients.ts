import * as tf from '@tensorflow/tfjs-core';
import { type GradConfig, type NamedAttrMap, Relu } from '@tensorflow/tfjs-core';
import {
  BATCH_NORM_TRAINING,
  BATCH_NORM_TRAINING_GRAD,
  CONV2D_BIAS_ACTIVATION,
  CONV2D_BIAS_ACTIVATION_BIAS_GRAD,
  CONV2D_BIAS_ACTIVATION_FILTER_GRAD,
  CONV2D_BIAS_ACTIVATION_GRAD,
  CONV2D_BIAS_ACTIVATION_MAX_POOL,
  CONV2D_BIAS_ACTIVATION_MAX_POOL_GRAD,
  PROTOTYPE_DISTANCES,
  PROTOTYPE_DISTANCES_GRAD,
} from './kernels';

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
  registerConv2DBiasActivationGradient();
  registerConv2DBiasActivationMaxPoolGradient();
  registerPrototypeDistancesGradient();
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

/**
 * The gradient of convolution + bias + activation: dz, dy through the activation (from the saved
 * output), is made at once; the inputs' gradients follow from it (convolutionGradients).
 */
function registerConv2DBiasActivationGradient(): void {
  if (tf.getGradient(CONV2D_BIAS_ACTIVATION)) return;
  tf.registerGradient({
    kernelName: CONV2D_BIAS_ACTIVATION,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      // Made here, not in a thunk: tfjs runs each thunk in its own tidy (see the batch norm above).
      const dz = tf.engine().runKernel(CONV2D_BIAS_ACTIVATION_GRAD, { dy: dy as tf.Tensor, y }, attrs as NamedAttrMap) as tf.Tensor;
      return convolutionGradients(dz, x, filter, attrs);
    },
  });
}

/**
 * The gradient of convolution + bias + activation + max-pooling: dz, the gradient with respect to the
 * convolution's output, comes in one pass from dy, the places of the maxima the forward recorded and
 * the pooled output; the full-size activation was never kept. The rest is the convolution's (above).
 */
function registerConv2DBiasActivationMaxPoolGradient(): void {
  if (tf.getGradient(CONV2D_BIAS_ACTIVATION_MAX_POOL)) return;
  tf.registerGradient({
    kernelName: CONV2D_BIAS_ACTIVATION_MAX_POOL,
    inputsToSave: ['x', 'filter', 'bias'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, bias, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor4D];
      const dz = tf.engine().runKernel(CONV2D_BIAS_ACTIVATION_MAX_POOL_GRAD, { dy: dy as tf.Tensor, y, x, filter, bias }, attrs as NamedAttrMap) as tf.Tensor;
      return convolutionGradients(dz, x, filter, attrs);
    },
  });
}

/**
 * Each input's gradient from dz in that input's thunk, which tfjs calls only for the inputs on the
 * path to what is differentiated. So a first layer's images cost no input gradient, and an explainer
 * differentiating its input alone (MDM) costs no filter gradients. In training the filter thunk's one
 * convolution_backward also gives the bias gradient, cached beside dz for the bias thunk (tfjs calls
 * the thunks in input order: x, filter, bias); it is freed with dz.
 */
function convolutionGradients(dz: tf.Tensor, x: tf.Tensor4D, filter: tf.Tensor4D, attrs: NamedAttrMap | Record<string, unknown>) {
  return {
    x: () =>
      tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy: dz, filter },
        { strides: attrs['strides'], pad: attrs['pad'], dataFormat: 'NHWC', dimRoundingMode: attrs['dimRoundingMode'], dilations: attrs['dilations'], inputShape: x.shape } as NamedAttrMap,
      ) as tf.Tensor,
    filter: () => tf.engine().runKernel(CONV2D_BIAS_ACTIVATION_FILTER_GRAD, { dz, x }, { ...attrs, filterShape: filter.shape } as NamedAttrMap) as tf.Tensor,
    bias: () => tf.engine().runKernel(CONV2D_BIAS_ACTIVATION_BIAS_GRAD, { dz }) as tf.Tensor,
  };
}

/**
 * The gradient of the prototype distances: one native call per input tfjs asks for (an explainer
 * differentiating the features alone makes no prototype gradient). Only z, the prototypes and the
 * output are saved: the output is > 0 exactly where the clamp at 0 was not active.
 */
function registerPrototypeDistancesGradient(): void {
  if (tf.getGradient(PROTOTYPE_DISTANCES)) return;
  tf.registerGradient({
    kernelName: PROTOTYPE_DISTANCES,
    inputsToSave: ['z', 'prototypes'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [z, prototypes, y] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const gradientOf = (input: 'z' | 'prototypes') => () => tf.engine().runKernel(PROTOTYPE_DISTANCES_GRAD, { dy: dy as tf.Tensor, z, prototypes, y }, { gradientOf: input }) as tf.Tensor;
      return { z: gradientOf('z'), prototypes: gradientOf('prototypes') };
    },
  });
}
