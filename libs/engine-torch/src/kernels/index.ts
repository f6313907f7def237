import { CONVOLUTION_POOLING_KERNELS } from './convolution-pooling';
import { CONVOLUTION_KERNELS } from './convolutions';
import { ELEMENTWISE_KERNELS } from './elementwise';
import { MATMUL_KERNELS } from './matmul';
import type { NativeEncoder } from './native-kernel';
import { NORMALIZATION_KERNELS } from './normalization';
import { OPTIMIZER_KERNELS } from './optimizers';
import { POOLING_KERNELS } from './pooling';
import { PROTOTYPE_DISTANCE_KERNELS } from './prototype-distances';
import { REDUCTION_KERNELS } from './reductions';
import { RESIZE_KERNELS } from './resize';
import { SHAPE_KERNELS } from './shape';

export type { NativeCall, NativeEncoder } from './native-kernel';
export { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from './normalization';
export { CONV2D_BIAS_ACTIVATION, CONV2D_BIAS_ACTIVATION_BIAS_GRAD, CONV2D_BIAS_ACTIVATION_FILTER_GRAD, CONV2D_BIAS_ACTIVATION_GRAD } from './convolutions';
export { CONV2D_BIAS_ACTIVATION_MAX_POOL, CONV2D_BIAS_ACTIVATION_MAX_POOL_GRAD } from './convolution-pooling';
export { ADAM_UPDATE } from './optimizers';
export { PROTOTYPE_DISTANCES, PROTOTYPE_DISTANCES_GRAD } from './prototype-distances';

/** Every tfjs kernel the torch backend runs natively, by name (each family mirrors one file of native/). */
export const NATIVE_KERNELS: Record<string, NativeEncoder> = {
  ...ELEMENTWISE_KERNELS,
  ...REDUCTION_KERNELS,
  ...MATMUL_KERNELS,
  ...CONVOLUTION_KERNELS,
  ...POOLING_KERNELS,
  ...CONVOLUTION_POOLING_KERNELS,
  ...SHAPE_KERNELS,
  ...RESIZE_KERNELS,
  ...NORMALIZATION_KERNELS,
  ...OPTIMIZER_KERNELS,
  ...PROTOTYPE_DISTANCE_KERNELS,
};
