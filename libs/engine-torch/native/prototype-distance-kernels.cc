// ProtoPNet's prototype distances as one kernel each way: ‖z − p‖² = Σz² − 2 z·pᵀ + Σp², clamped at 0
// against rounding. Composed, they record nine ops forward (and their gradients, with the tensors the
// tape saves for each); here the product runs on oneDNN where the BLAS is generic (onednn-matmul.h)
// and the norms are added in place on its fresh output.
#include "kernel-registry.h"
#include "onednn-matmul.h"

using protoscope::KernelCall;
using protoscope::matrixProduct;

// inputs: z [N, D], prototypes [M, D]; output [N, M].
PROTOSCOPE_KERNEL(PrototypeDistances) {
  const at::Tensor& z = call.in(0);
  const at::Tensor& prototypes = call.in(1);
  at::Tensor distances = matrixProduct(z, prototypes.t());
  distances.mul_(-2).add_(z.square().sum(1, true)).add_(prototypes.square().sum(1)).clamp_min_(0);
  return {distances};
}

// inputs: dy [N, M], z, prototypes, the forward's output; attrs: which gradient (0: z, 1: prototypes).
// G is dy where the distance was not clamped (the output is > 0 exactly there); then
// dz = 2(z·rowsum(G) − G·p) and dp = 2(p·colsum(G) − Gᵀ·z). One input's gradient per call, so an
// explainer differentiating the features alone computes no prototype gradient.
PROTOSCOPE_KERNEL(PrototypeDistancesGrad) {
  at::Tensor g = at::threshold_backward(call.in(0), call.in(3), 0);
  const at::Tensor& z = call.in(1);
  const at::Tensor& prototypes = call.in(2);
  if (call.integer(0) == 0) return {matrixProduct(g, prototypes).mul_(-2).addcmul_(z, g.sum(1, true), 2)};
  return {matrixProduct(g.t(), z).mul_(-2).addcmul_(prototypes, g.sum(0).unsqueeze(1), 2)};
}
