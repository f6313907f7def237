import { DepthwiseConv2dNative, DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import { dilatedConvolutionGradient } from './dilated-convolution-gradient';

/** Gradient of DepthwiseConv2dNative on every backend, dilations included (the kernels then see dilation 1). */
export const depthwiseConv2dGradConfig = dilatedConvolutionGradient({
  forward: DepthwiseConv2dNative,
  backpropInput: DepthwiseConv2dNativeBackpropInput,
  backpropFilter: DepthwiseConv2dNativeBackpropFilter,
  passOn: () => ({ dilations: 1 }),
});
