/** tfjs's fused activations in the order native/activation.h numbers them. */
const ACTIVATION_CODES: Record<string, number> = { linear: 0, relu: 1, relu6: 2, prelu: 3, leakyrelu: 4, sigmoid: 5, elu: 6 };

export function activationCode(activation: unknown): number | undefined {
  return ACTIVATION_CODES[(activation as string | undefined) ?? 'linear'];
}
