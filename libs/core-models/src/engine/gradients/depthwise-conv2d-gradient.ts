import * as tf from '@tensorflow/tfjs-core';
import {
  DepthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeAttrs,
  type GradConfig,
} from '@tensorflow/tfjs-core';
import { dilateFilter, dilationPair, undilateFilter } from './dilate-filter';

/** Gradient of DepthwiseConv2dNative on every backend, dilations included (as for Conv2D). */
export const depthwiseConv2dGradConfig: GradConfig = {
  kernelName: DepthwiseConv2dNative,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dyOrDys, saved, attrs) => {
    const dy = dyOrDys as tf.Tensor4D;
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, dimRoundingMode, dilations } = attrs as unknown as DepthwiseConv2dNativeAttrs;
    const dilation = dilationPair(dilations);
    const dilated = dilation[0] > 1 || dilation[1] > 1;
    const effectiveFilter = () => (dilated ? dilateFilter(filter, dilation) : filter);
    return {
      x: () =>
        tf.engine().runKernel(
          DepthwiseConv2dNativeBackpropInput,
          { dy, filter: effectiveFilter() },
          { strides, pad, dimRoundingMode, dilations: 1, inputShape: x.shape } as unknown as tf.NamedAttrMap,
        ) as unknown as tf.Tensor,
      filter: () => {
        const dw = tf.engine().runKernel(
          DepthwiseConv2dNativeBackpropFilter,
          { x, dy },
          { strides, pad, dimRoundingMode, dilations: 1, filterShape: effectiveFilter().shape } as unknown as tf.NamedAttrMap,
        ) as unknown as tf.Tensor4D;
        return dilated ? undilateFilter(dw, dilation) : dw;
      },
    };
  },
};
