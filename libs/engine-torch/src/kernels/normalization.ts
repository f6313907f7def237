import { type NativeEncoder, input } from './native-kernel';

/** Batch norm in training mode (the engine's `batchNormTraining` op): outputs y, batch mean, biased batch variance. */
export const BATCH_NORM_TRAINING = 'BatchNormTraining';
/** Its gradient in one pass: outputs dx, dgamma, dbeta. */
export const BATCH_NORM_TRAINING_GRAD = 'BatchNormTrainingGrad';

const epsilon = (attrs: Record<string, unknown>): number => {
  const value = attrs['epsilon'];
  if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`torch backend: batch norm epsilon must be a number > 0, got ${String(value)}`);
  return value;
};

export const NORMALIZATION_KERNELS: Record<string, NativeEncoder> = {
  [BATCH_NORM_TRAINING]: (inputs, attrs) => ({ inputs: ['x', 'gamma', 'beta'].map((name) => input(inputs, name)), attrs: [epsilon(attrs)] }),
  [BATCH_NORM_TRAINING_GRAD]: (inputs, attrs) => ({
    inputs: ['dy', 'x', 'gamma', 'mean', 'variance'].map((name) => input(inputs, name)),
    attrs: [epsilon(attrs)],
  }),
};
