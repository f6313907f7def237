import { activationCode } from './fused-activation';
import { type NativeEncoder, flag, input } from './native-kernel';

export const MATMUL_KERNELS: Record<string, NativeEncoder> = {
  BatchMatMul: (inputs, attrs) => ({ inputs: [input(inputs, 'a'), input(inputs, 'b')], attrs: [flag(attrs['transposeA']), flag(attrs['transposeB'])] }),
  _FusedMatMul: (inputs, attrs) => {
    const { bias, preluActivationWeights } = inputs;
    const activation = activationCode(attrs['activation']);
    if (activation === undefined) return null;
    return {
      inputs: [input(inputs, 'a'), input(inputs, 'b'), ...(bias ? [bias] : []), ...(preluActivationWeights ? [preluActivationWeights] : [])],
      attrs: [
        flag(attrs['transposeA']),
        flag(attrs['transposeB']),
        activation,
        (attrs['leakyreluAlpha'] as number | undefined) ?? 0.2,
        flag(bias),
        flag(preluActivationWeights),
      ],
    };
  },
};
