// Convolution + bias + activation, then max-pooling, as one kernel. The batch goes through in slices
// whose convolution output fits in the core's cache, and each slice is pooled at once: the full-size
// activation (16 MB on the reference workload's first layer) is never written to memory and read
// back. Under a tape (windows that do not overlap) the forward also records where each maximum was,
// and the gradient with respect to the convolution's output comes from dy, those places and the
// pooled output alone, in one pass (activation.h's gradients at the maxima). Attributes: the
// convolution's geometry (8), its activation code, the pooling's KH KW and geometry (8), then (the
// forward only) whether a gradient is being recorded.
#include <algorithm>
#include <limits>
#include <vector>

#include <ATen/Parallel.h>

#include "activation.h"
#include "image-layout.h"
#include "kernel-registry.h"
#include "pooling-loops.h"

using protoscope::KernelCall;
using protoscope::Pool;

namespace {

// A slice's convolution output stays under 1 MB per thread: inside each core's L2 (1–4 MB) beside
// the slice's input and the filter (0.25, 2 and 4 MB took the same time on the reference workload).
int64_t sliceBudget() { return (int64_t{1} << 20) * at::get_num_threads(); }

/** Convolution + bias + activation by the FusedConv2D kernel: the geometry and activation from `call`, alpha 0, a bias, no PReLU. */
at::Tensor convolve(const KernelCall& call, const at::Tensor& x, const at::Tensor& filter, const at::Tensor& bias) {
  static const protoscope::KernelFn fusedConv2D = protoscope::findKernel("FusedConv2D");
  KernelCall conv;
  conv.inputs = {x, filter, bias};
  conv.attrs.assign(call.attrs.begin(), call.attrs.begin() + 9);
  conv.attrs.insert(conv.attrs.end(), {0, 1, 0});
  return fusedConv2D(conv).at(0);
}

/** The convolution's output shape [N, H, W, C] for NHWC images x and a filter [KH, KW, in, C]. */
std::vector<int64_t> convolvedShape(const at::Tensor& x, const at::Tensor& filter, const protoscope::WindowGeometry& g) {
  return {x.size(0), g.outputSize(x.size(1), filter.size(0), 0), g.outputSize(x.size(2), filter.size(1), 1), filter.size(3)};
}

/**
 * The whole batch's convolution and pooling as libtorch runs them (NCHW views): off the CPU float32
 * path, and for a gradient that has no recorded places to go by.
 */
struct WholeBatch {
  at::Tensor activated, prepared;
  std::tuple<at::Tensor, at::Tensor> pooled;
  WholeBatch(const KernelCall& call, const at::Tensor& x, const at::Tensor& filter, const at::Tensor& bias, const Pool& pool)
      : activated(protoscope::imagesToTorch(convolve(call, x, filter, bias))),
        prepared(pool.prepare(activated, -std::numeric_limits<double>::infinity())),
        pooled(at::max_pool2d_with_indices(prepared, pool.kernel, pool.geometry.stride, pool.padding(), {1, 1}, false)) {}
};

}  // namespace

PROTOSCOPE_KERNEL(Conv2DBiasActivationMaxPool) {
  const at::Tensor& x = call.in(0);
  const at::Tensor& filter = call.in(1);
  const protoscope::WindowGeometry g = protoscope::WindowGeometry::read(call, 0);
  const Pool pool = Pool::read(call, 9);
  if (!protoscope::ownPoolingLoops(x)) {
    // Not a CPU float32 image: the whole batch's convolution, then libtorch's pooling; the gradient
    // finds the maxima again.
    return {protoscope::imagesFromTorch(std::get<0>(WholeBatch(call, x, filter, call.in(2), pool).pooled)).contiguous()};
  }
  // Under a tape, windows that do not overlap record each maximum's place; overlapping ones record
  // nothing and their gradient finds the maxima again (a pixel may be the maximum of two windows).
  const bool recording = call.flag(19) && pool.disjoint();
  const std::vector<int64_t> convolved = convolvedShape(x, filter, g);
  const int64_t batch = convolved[0], convH = convolved[1], convW = convolved[2], channels = convolved[3];
  at::Tensor out = at::empty({batch, pool.outputSize(convH, 0), pool.outputSize(convW, 1), channels}, x.options());
  at::Tensor offsets = recording ? at::empty(out.sizes(), x.options()) : at::Tensor();
  if (recording) call.outputAux = {offsets};
  if (batch == 0) return {out};
  // Near-equal slices, so that a batch needs at most two convolution shapes (oneDNN makes one
  // primitive per shape).
  const int64_t imageBytes = convH * convW * channels * static_cast<int64_t>(sizeof(float));
  const int64_t fits = std::max<int64_t>(1, sliceBudget() / imageBytes);
  const int64_t slices = (batch + fits - 1) / fits;
  const int64_t slice = (batch + slices - 1) / slices;
  for (int64_t start = 0; start < batch; start += slice) {
    const int64_t count = std::min(slice, batch - start);
    at::Tensor activated = convolve(call, x.narrow(0, start, count), filter, call.in(2));
    if (recording) {
      protoscope::maxPoolLoops<true>(activated, pool, out.narrow(0, start, count), offsets.narrow(0, start, count));
    } else {
      protoscope::maxPoolLoops<false>(activated, pool, out.narrow(0, start, count));
    }
  }
  return {out};
}

// inputs dy, y (the forward's output, beside which its offsets are cached), x, filter, bias; the
// forward's attributes. Returns dz, the gradient with respect to the convolution's output before the
// activation, [N, convH, convW, C].
PROTOSCOPE_KERNEL(Conv2DBiasActivationMaxPoolGrad) {
  const at::Tensor& dy = call.in(0);
  const at::Tensor& x = call.in(2);
  const at::Tensor& filter = call.in(3);
  const protoscope::WindowGeometry g = protoscope::WindowGeometry::read(call, 0);
  const int activation = static_cast<int>(call.integer(8));
  const Pool pool = Pool::read(call, 9);
  at::Tensor offsets = call.inputAux.size() > 1 ? call.inputAux[1] : at::Tensor();
  if (offsets.defined() && offsets.scalar_type() == at::kFloat) {
    const std::vector<int64_t> shape = convolvedShape(x, filter, g);
    switch (activation) {
      case protoscope::kLinear: return {protoscope::maxPoolGradFromOffsets<protoscope::kLinear>(dy, offsets, call.in(1), shape, pool)};
      case protoscope::kRelu: return {protoscope::maxPoolGradFromOffsets<protoscope::kRelu>(dy, offsets, call.in(1), shape, pool)};
      case protoscope::kSigmoid: return {protoscope::maxPoolGradFromOffsets<protoscope::kSigmoid>(dy, offsets, call.in(1), shape, pool)};
      default: break;  // activationBackward below names the activation it cannot differentiate
    }
  }
  // No offsets (the output came from elsewhere, or off the CPU): the convolution and the maxima again.
  WholeBatch whole(call, x, filter, call.in(4), pool);
  at::Tensor dActivated = at::max_pool2d_with_indices_backward(protoscope::imagesToTorch(dy), whole.prepared, pool.kernel, pool.geometry.stride,
                                                               pool.padding(), {1, 1}, false, std::get<1>(whole.pooled));
  dActivated = pool.crop(dActivated, whole.activated.size(2), whole.activated.size(3));
  return {protoscope::imagesFromTorch(protoscope::activationBackward(dActivated, whole.activated, activation)).contiguous()};
}
