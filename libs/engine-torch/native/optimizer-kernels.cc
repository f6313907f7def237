// Optimiser updates as one native call per variable, instead of the dozen elementwise kernels (each a
// tfjs call and a fresh tensor) the composed update records.
#include "kernel-registry.h"

using protoscope::KernelCall;

// Adam (Kingma & Ba, PyTorch's bias correction and epsilon placement), the maths of
// libs/core-models/src/training/adam.ts: inputs θ, g, m, v; attrs learning rate, β1, β2, ε,
// weight decay, 1 − β1ᵗ, 1 − β2ᵗ. Outputs θ', m', v':
//   g ← g + wd·θ; m' = β1·m + (1−β1)·g; v' = β2·v + (1−β2)·g²; θ' = θ − lr·(m'/(1−β1ᵗ)) / (√(v'/(1−β2ᵗ)) + ε).
PROTOSCOPE_KERNEL(AdamUpdate) {
  const at::Tensor& theta = call.in(0);
  at::Tensor g = call.in(1);
  double lr = call.attr(0), beta1 = call.attr(1), beta2 = call.attr(2), epsilon = call.attr(3), weightDecay = call.attr(4);
  double correction1 = call.attr(5), correction2 = call.attr(6);
  if (weightDecay != 0) g = at::add(g, theta, weightDecay);
  at::Tensor m = at::lerp(call.in(2), g, 1 - beta1);
  at::Tensor v = at::mul(call.in(3), beta2).addcmul_(g, g, 1 - beta2);
  at::Tensor denominator = at::div(v, correction2).sqrt_().add_(epsilon);
  // θ − (lr/(1−β1ᵗ))·m'/denominator in one pass (the same quotient as lr·(m'/(1−β1ᵗ))/denominator).
  return {at::addcdiv(theta, m, denominator, -lr / correction1), m, v};
}
