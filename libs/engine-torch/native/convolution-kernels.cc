// Convolutions and their gradients, on PyTorch's own CPU (oneDNN) or CUDA convolutions.
// Attributes: the window geometry (8 numbers), then per kernel what follows.
#include "activation.h"
#include "image-layout.h"
#include "kernel-registry.h"
#include "onednn-convolution.h"
#include "single-channel-input-gradient.h"

using protoscope::KernelCall;
using protoscope::WindowGeometry;
using protoscope::imagesFromTorch;
using protoscope::imagesToTorch;

namespace {

const auto kChannelsLast = at::MemoryFormat::ChannelsLast;

// tfjs filter [KH, KW, in, out] → libtorch weight [out, in, KH, KW] in channels-last memory (out, KH,
// KW, in), which is the filter's memory read as a [KH·KW·in, out] matrix and transposed: one blocked
// 2-D transpose instead of a strided 4-D gather (11 vs 72 ms over ResNet-18's filters at 1 thread).
at::Tensor convWeight(const at::Tensor& hwio) {
  int64_t kh = hwio.size(0), kw = hwio.size(1), in = hwio.size(2), out = hwio.size(3);
  return hwio.reshape({kh * kw * in, out}).t().contiguous().view({out, kh, kw, in}).permute({0, 3, 1, 2});
}
// A weight gradient [out, in, KH, KW] (channels-last, as the convolution returns it) back to tfjs's
// [KH, KW, in, out], contiguous, by the same transpose, so the optimiser reads it in order.
at::Tensor convWeightBack(const at::Tensor& oihw) {
  int64_t out = oihw.size(0), in = oihw.size(1), kh = oihw.size(2), kw = oihw.size(3);
  return oihw.permute({0, 2, 3, 1}).reshape({out, kh * kw * in}).t().contiguous().view({kh, kw, in, out});
}
// tfjs depthwise filter [KH, KW, C, M] → weight [C·M, 1, KH, KW] with groups = C (same channel order).
at::Tensor depthwiseWeight(const at::Tensor& hwcm) {
  return hwcm.permute({2, 3, 0, 1}).reshape({hwcm.size(2) * hwcm.size(3), 1, hwcm.size(0), hwcm.size(1)}).contiguous(kChannelsLast);
}
at::Tensor depthwiseWeightBack(const at::Tensor& weight, int64_t channels) {
  return weight.reshape({channels, weight.size(0) / channels, weight.size(2), weight.size(3)}).permute({2, 3, 0, 1});
}

at::Tensor convolve(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, const WindowGeometry& g, int64_t groups) {
  at::Tensor input = g.padExplicitly(imagesToTorch(x), 0);
  return imagesFromTorch(at::convolution(input, weight, bias, g.stride, g.torchPadding(), g.dilation, false, {0, 0}, groups));
}

// attrs after the geometry: activation code, leaky-ReLU alpha, has bias, has PReLU weights.
at::Tensor fusedConvolution(KernelCall& call, const at::Tensor& weight, int64_t groups) {
  WindowGeometry g = WindowGeometry::read(call, 0);
  size_t next = 2;
  at::Tensor bias = call.flag(10) ? call.in(next++).reshape({-1}) : at::Tensor();
  at::Tensor prelu = call.flag(11) ? call.in(next) : at::Tensor();
  at::Tensor y = convolve(call.in(0), weight, bias, g, groups);
  return protoscope::applyActivation(y, static_cast<int>(call.integer(8)), call.attr(9), prelu);
}

// Input gradient: inputs dy, filter; attrs geometry, input shape NHWC.
at::Tensor inputGradient(KernelCall& call, const at::Tensor& weight, int64_t groups) {
  WindowGeometry g = WindowGeometry::read(call, 0);
  std::vector<int64_t> shape = call.integers(8, 4);
  // Only the input's shape and layout matter for its own gradient.
  at::Tensor placeholder =
      at::empty(g.paddedShape({shape[0], shape[3], shape[1], shape[2]}), call.options(weight.scalar_type()).memory_format(kChannelsLast));
  auto grads = at::convolution_backward(imagesToTorch(call.in(0)), placeholder, weight, c10::nullopt, g.stride, g.torchPadding(),
                                        g.dilation, false, {0, 0}, groups, {true, false, false});
  return imagesFromTorch(g.crop(std::get<0>(grads), shape[1], shape[2]));
}

// Weight gradient: inputs x, dy; attrs geometry, filter shape.
at::Tensor weightGradient(KernelCall& call, const std::vector<int64_t>& weightShape, int64_t groups) {
  WindowGeometry g = WindowGeometry::read(call, 0);
  at::Tensor input = g.padExplicitly(imagesToTorch(call.in(0)), 0);
  at::Tensor placeholder = at::empty(weightShape, call.options(call.in(0).scalar_type()).memory_format(kChannelsLast));
  auto grads = at::convolution_backward(imagesToTorch(call.in(1)), input, placeholder, c10::nullopt, g.stride, g.torchPadding(),
                                        g.dilation, false, {0, 0}, groups, {false, true, false});
  return std::get<1>(grads);
}

}  // namespace

PROTOSCOPE_KERNEL(Conv2D) {
  return {convolve(call.in(0), convWeight(call.in(1)), at::Tensor(), WindowGeometry::read(call, 0), 1)};
}

PROTOSCOPE_KERNEL(FusedConv2D) {
  // attrs after the geometry: activation code, leaky-ReLU alpha, has bias, has PReLU weights.
  at::Tensor bias = call.flag(10) ? call.in(2).reshape({-1}) : at::Tensor();
  if (!call.flag(11) && protoscope::oneDnnConvolutionEligible(call.in(0), call.in(1), bias)) {
    at::Tensor y = protoscope::oneDnnConvolution(call.in(0), call.in(1), bias, WindowGeometry::read(call, 0), static_cast<int>(call.integer(8)));
    if (y.defined()) return {y};
  }
  return {fusedConvolution(call, convWeight(call.in(1)), 1)};
}

PROTOSCOPE_KERNEL(DepthwiseConv2dNative) {
  return {convolve(call.in(0), depthwiseWeight(call.in(1)), at::Tensor(), WindowGeometry::read(call, 0), call.in(0).size(3))};
}

PROTOSCOPE_KERNEL(FusedDepthwiseConv2D) { return {fusedConvolution(call, depthwiseWeight(call.in(1)), call.in(0).size(3))}; }

PROTOSCOPE_KERNEL(Conv2DBackpropInput) {
  std::vector<int64_t> inputShape = call.integers(8, 4);
  if (protoscope::singleChannelInputGradientApplies(call.in(0), call.in(1), inputShape[3]))
    return {protoscope::singleChannelInputGradient(call.in(0), call.in(1), WindowGeometry::read(call, 0), inputShape)};
  return {inputGradient(call, convWeight(call.in(1)), 1)};
}

PROTOSCOPE_KERNEL(DepthwiseConv2dNativeBackpropInput) {
  return {inputGradient(call, depthwiseWeight(call.in(1)), call.in(1).size(2))};
}

PROTOSCOPE_KERNEL(Conv2DBackpropFilter) {
  std::vector<int64_t> f = call.integers(8, 4);  // [KH, KW, in, out]
  return {convWeightBack(weightGradient(call, {f[3], f[2], f[0], f[1]}, 1))};
}

PROTOSCOPE_KERNEL(DepthwiseConv2dNativeBackpropFilter) {
  std::vector<int64_t> f = call.integers(8, 4);  // [KH, KW, C, M]
  return {depthwiseWeightBack(weightGradient(call, {f[2] * f[3], 1, f[0], f[1]}, f[2]), f[2])};
}

// The backward of convolution + bias + activation recorded as one op (training), in three kernels so
// that each gradient is computed only when tfjs asks for it (an explainer that differentiates the
// input alone must not pay for filter gradients; PyTorch computes none for frozen weights):
// Conv2DBiasActivationGrad: inputs dy and the forward's output y; dz = dy through the activation (from y).
PROTOSCOPE_KERNEL(Conv2DBiasActivationGrad) {
  return {protoscope::activationBackward(call.in(0), call.in(1), static_cast<int>(call.integer(0)))};
}

// Conv2DBiasActivationFilterGrad: inputs dz, x; attrs geometry, has bias, filter shape [KH, KW, in, out].
// The filter gradient and, with a bias, the bias gradient from the same convolution_backward call; the
// bias gradient is cached beside dz for Conv2DBiasActivationBiasGrad, which tfjs asks for next.
PROTOSCOPE_KERNEL(Conv2DBiasActivationFilterGrad) {
  WindowGeometry g = WindowGeometry::read(call, 0);
  bool hasBias = call.flag(8);
  std::vector<int64_t> f = call.integers(9, 4);
  at::Tensor input = g.padExplicitly(imagesToTorch(call.in(1)), 0);
  at::Tensor placeholder = at::empty({f[3], f[2], f[0], f[1]}, call.options(input.scalar_type()).memory_format(kChannelsLast));
  std::vector<int64_t> biasSizes{f[3]};
  at::OptionalIntArrayRef biasShape = hasBias ? at::OptionalIntArrayRef(biasSizes) : c10::nullopt;
  auto grads = at::convolution_backward(imagesToTorch(call.in(0)), input, placeholder, biasShape,
                                        g.stride, g.torchPadding(), g.dilation, false, {0, 0}, 1, {false, true, hasBias});
  if (hasBias) call.inputAuxUpdates.emplace_back(0, std::get<2>(grads));
  return {convWeightBack(std::get<1>(grads))};
}

// Conv2DBiasActivationBiasGrad: input dz [N, H, W, C]. The bias gradient the filter gradient cached
// beside dz (taken, so it is handed out once), or Σ dz over batch and space when the filter had none.
PROTOSCOPE_KERNEL(Conv2DBiasActivationBiasGrad) {
  at::Tensor cached = call.inputAux.empty() ? at::Tensor() : call.inputAux[0];
  if (!cached.defined()) return {call.in(0).sum({0, 1, 2})};
  call.inputAuxUpdates.emplace_back(0, at::Tensor());
  return {cached};
}
