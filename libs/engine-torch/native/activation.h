// The activations tfjs fuses into convolutions and matrix products, in the order the binding encodes them.
#pragma once

#include <ATen/ATen.h>

namespace protoscope {

enum ActivationCode : int { kLinear = 0, kRelu = 1, kRelu6 = 2, kPrelu = 3, kLeakyRelu = 4, kSigmoid = 5, kElu = 6 };

/** Applies the activation to a fresh tensor, in place where libtorch allows it. */
inline at::Tensor applyActivation(at::Tensor y, int code, double alpha, const at::Tensor& preluWeights) {
  switch (code) {
    case kLinear: return y;
    case kRelu: return y.relu_();
    case kRelu6: return y.clamp_(0, 6);
    case kPrelu: return at::where(y < 0, y * preluWeights, y);
    case kLeakyRelu: return at::where(y < 0, y * alpha, y);
    case kSigmoid: return y.sigmoid_();
    case kElu: return at::elu(y);
    default: throw std::invalid_argument("unknown fused activation code " + std::to_string(code));
  }
}

}  // namespace protoscope
