// The activations tfjs fuses into convolutions and matrix products, in the order the binding encodes them.
#pragma once

#include <ATen/ATen.h>

#include <stdexcept>
#include <string>

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

/**
 * The gradient through an activation, from its output y (as PyTorch's autograd takes it): ReLU is
 * dy where y > 0 (threshold_backward), sigmoid dy·y·(1 − y); linear passes dy on. Other codes are
 * not differentiated natively.
 */
inline at::Tensor activationBackward(const at::Tensor& dy, const at::Tensor& y, int code) {
  switch (code) {
    case kLinear: return dy;
    case kRelu: return at::threshold_backward(dy, y, 0);
    case kSigmoid: return at::sigmoid_backward(dy, y);
    default: throw std::invalid_argument("no native gradient for fused activation code " + std::to_string(code));
  }
}

}  // namespace protoscope
