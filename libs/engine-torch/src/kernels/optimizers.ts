import { type NamedAttrMap } from '@tensorflow/tfjs-core';
import { type NativeEncoder, input } from './native-kernel';

/** One Adam step of one variable (the engine's `adamUpdate`): outputs θ', m', v'. */
export const ADAM_UPDATE = 'AdamUpdate';

const ADAM_ATTRS = ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'correction1', 'correction2'] as const;

function adamAttrs(attrs: NamedAttrMap): number[] {
  return ADAM_ATTRS.map((name) => {
    const value = attrs[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`torch backend: ${ADAM_UPDATE} attribute ${name} must be a finite number, got ${String(value)}`);
    return value;
  });
}

export const OPTIMIZER_KERNELS: Record<string, NativeEncoder> = {
  [ADAM_UPDATE]: (inputs, attrs) => ({ inputs: ['variable', 'gradient', 'first', 'second'].map((name) => input(inputs, name)), attrs: adamAttrs(attrs) }),
};
