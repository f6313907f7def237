import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { dilateFilter, dilationPair, undilateFilter } from './dilate-filter';

/** A convolution kernel and its two backprop kernels, with the attributes they pass on. */
export interface ConvolutionKernels {
  forward: string;
  backpropInput: string;
  backpropFilter: string;
  /** Attributes of the forward kernel handed to both backprop kernels (besides strides/pad/rounding). */
  passOn: (attrs: tf.NamedAttrMap) => tf.NamedAttrMap;
}

/**
 * The gradient of a convolution on every backend, dilated ones included (tfjs refuses those): with a
 * dilation, both gradients are taken for the equivalent zero-dilated filter, and the filter gradient
 * keeps only the real taps.
 */
export function dilatedConvolutionGradient(kernels: ConvolutionKernels): GradConfig {
  return {
    kernelName: kernels.forward,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dyOrDys, saved, attrs) => {
      const dy = dyOrDys as tf.Tensor4D;
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const dilation = dilationPair(attrs['dilations'] as number | [number, number] | undefined);
      const dilated = dilation[0] > 1 || dilation[1] > 1;
      const effectiveFilter = () => (dilated ? dilateFilter(filter, dilation) : filter);
      const common = { strides: attrs['strides'], pad: attrs['pad'], dimRoundingMode: attrs['dimRoundingMode'], ...kernels.passOn(attrs) } as tf.NamedAttrMap;
      return {
        x: () => tf.engine().runKernel(kernels.backpropInput, { dy, filter: effectiveFilter() }, { ...common, inputShape: x.shape }) as unknown as tf.Tensor,
        filter: () => {
          const dw = tf.engine().runKernel(kernels.backpropFilter, { x, dy }, { ...common, filterShape: effectiveFilter().shape }) as unknown as tf.Tensor4D;
          return dilated ? undilateFilter(dw, dilation) : dw;
        },
      };
    },
  };
}
