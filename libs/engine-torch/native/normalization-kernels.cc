// Batch normalisation in training mode as PyTorch computes it: one kernel for the forward (batch
// statistics and the normalised output in two passes) and one for the backward (dx, dγ, dβ together),
// instead of the dozen elementwise kernels and broadcast reductions the composed tfjs ops record.
// Channels are the last axis (tfjs); a 4-D NHWC tensor is read as NCHW in channels-last memory, any
// other rank as [N, C] rows. Attribute: epsilon.
#include "image-layout.h"
#include "kernel-registry.h"

using protoscope::KernelCall;

namespace {

/** The tfjs tensor as libtorch's batch norm wants it: channels on axis 1, no copy. */
at::Tensor channelsSecond(const at::Tensor& x) {
  return x.dim() == 4 ? protoscope::imagesToTorch(x) : x.reshape({-1, x.size(-1)});
}

at::Tensor channelsLastAgain(const at::Tensor& y, const at::Tensor& like) {
  return like.dim() == 4 ? protoscope::imagesFromTorch(y) : y.reshape(like.sizes());
}

}  // namespace

// inputs x [..., C], gamma [C], beta [C] → y, batch mean [C], biased batch variance [C].
PROTOSCOPE_KERNEL(BatchNormTraining) {
  const at::Tensor& x = call.in(0);
  double epsilon = call.attr(0);
  auto result = at::native_batch_norm(channelsSecond(x), call.in(1), call.in(2), {}, {}, true, 0.0, epsilon);
  const at::Tensor& invstd = std::get<2>(result);
  // libtorch keeps 1/√(var + ε); the moving statistics need the variance itself.
  at::Tensor variance = at::clamp_min(invstd.square().reciprocal() - epsilon, 0);
  return {channelsLastAgain(std::get<0>(result), x), std::get<1>(result), variance};
}

// inputs dy, x, gamma, mean, variance (the forward's outputs) → dx, dgamma, dbeta.
PROTOSCOPE_KERNEL(BatchNormTrainingGrad) {
  const at::Tensor& x = call.in(1);
  double epsilon = call.attr(0);
  at::Tensor invstd = at::rsqrt(call.in(4) + epsilon);
  auto grads = at::native_batch_norm_backward(channelsSecond(call.in(0)), channelsSecond(x), call.in(2), {}, {}, call.in(3), invstd, true,
                                              epsilon, {true, true, true});
  return {channelsLastAgain(std::get<0>(grads), x), std::get<1>(grads), std::get<2>(grads)};
}
