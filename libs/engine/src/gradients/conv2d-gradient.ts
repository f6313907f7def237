import { Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import { dilatedConvolutionGradient } from './dilated-convolution-gradient';

/** Gradient of Conv2D on every backend, including dilated convolutions. */
export const conv2DGradConfig = dilatedConvolutionGradient({
  forward: Conv2D,
  backpropInput: Conv2DBackpropInput,
  backpropFilter: Conv2DBackpropFilter,
  passOn: (attrs) => ({ dataFormat: attrs['dataFormat']! }),
});
