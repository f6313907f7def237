import * as tf from '@tensorflow/tfjs-core';
import { Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, type Conv2DAttrs, type GradConfig } from '@tensorflow/tfjs-core';
import { dilateFilter, dilationPair, undilateFilter } from './dilate-filter';

/**
 * Gradient of Conv2D on every backend, including dilated convolutions (tfjs refuses those): with a
 * dilation, both gradients are taken for the equivalent zero-dilated filter, and the filter gradient
 * keeps only the real taps.
 */
export const conv2DGradConfig: GradConfig = {
  kernelName: Conv2D,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dyOrDys, saved, attrs) => {
    const dy = dyOrDys as tf.Tensor4D;
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, dataFormat, dimRoundingMode, dilations } = attrs as unknown as Conv2DAttrs;
    const dilation = dilationPair(dilations);
    const dilated = dilation[0] > 1 || dilation[1] > 1;
    const effectiveFilter = () => (dilated ? dilateFilter(filter, dilation) : filter);
    return {
      x: () =>
        tf.engine().runKernel(
          Conv2DBackpropInput,
          { dy, filter: effectiveFilter() },
          { strides, pad, dataFormat, dimRoundingMode, inputShape: x.shape } as unknown as tf.NamedAttrMap,
        ) as unknown as tf.Tensor,
      filter: () => {
        const dw = tf.engine().runKernel(
          Conv2DBackpropFilter,
          { x, dy },
          { strides, pad, dataFormat, dimRoundingMode, filterShape: effectiveFilter().shape } as unknown as tf.NamedAttrMap,
        ) as unknown as tf.Tensor4D;
        return dilated ? undilateFilter(dw, dilation) : dw;
      },
    };
  },
};
