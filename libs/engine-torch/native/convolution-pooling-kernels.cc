// Convolution + bias + activation, then max-pooling, as one kernel for inference. The batch goes
// through in slices whose convolution output fits in the core's cache, and each slice is pooled at
// once: the full-size activation (16 MB on the reference workload's first layer) is never written to
// memory and read back. Attributes: the convolution's geometry (8), its activation code, then the
// pooling's KH KW and geometry (8).
#include <algorithm>
#include <limits>

#include <ATen/Parallel.h>

#include "kernel-registry.h"
#include "pooling-loops.h"

using protoscope::KernelCall;
using protoscope::Pool;

namespace {

// A slice's convolution output stays under 1 MB per thread: inside each core's L2 (1–4 MB) beside
// the slice's input and the filter (0.25, 2 and 4 MB took the same time on the reference workload).
int64_t sliceBudget() { return (int64_t{1} << 20) * at::get_num_threads(); }

/** The FusedConv2D kernel's call for x: the geometry, the activation, alpha, has bias, no PReLU. */
at::Tensor convolve(const KernelCall& call, const at::Tensor& x) {
  static const protoscope::KernelFn fusedConv2D = protoscope::findKernel("FusedConv2D");
  KernelCall conv;
  conv.inputs = {x, call.in(1), call.in(2)};
  conv.attrs.assign(call.attrs.begin(), call.attrs.begin() + 9);
  conv.attrs.insert(conv.attrs.end(), {0, 1, 0});
  return fusedConv2D(conv).at(0);
}

}  // namespace

PROTOSCOPE_KERNEL(Conv2DBiasActivationMaxPool) {
  const at::Tensor& x = call.in(0);
  const at::Tensor& filter = call.in(1);
  const protoscope::WindowGeometry g = protoscope::WindowGeometry::read(call, 0);
  const Pool pool = Pool::read(call, 9);
  if (!protoscope::ownPoolingLoops(x)) {
    // Not a CPU float32 image: the whole batch's convolution, then libtorch's pooling.
    at::Tensor y = protoscope::imagesToTorch(convolve(call, x));
    auto pooled = at::max_pool2d(pool.prepare(y, -std::numeric_limits<double>::infinity()), pool.kernel, pool.geometry.stride, pool.padding());
    return {protoscope::imagesFromTorch(pooled).contiguous()};
  }
  const int64_t batch = x.size(0);
  const int64_t convH = (x.size(1) + g.top + g.bottom - ((filter.size(0) - 1) * g.dilation[0] + 1)) / g.stride[0] + 1;
  const int64_t convW = (x.size(2) + g.left + g.right - ((filter.size(1) - 1) * g.dilation[1] + 1)) / g.stride[1] + 1;
  const int64_t channels = filter.size(3);
  const int64_t outH = protoscope::pooledSize(convH, pool, 0), outW = protoscope::pooledSize(convW, pool, 1);
  at::Tensor out = at::empty({batch, outH, outW, channels}, x.options());
  if (batch == 0) return {out};
  // Near-equal slices, so that a batch needs at most two convolution shapes (oneDNN makes one
  // primitive per shape).
  const int64_t imageBytes = convH * convW * channels * static_cast<int64_t>(sizeof(float));
  const int64_t fits = std::max<int64_t>(1, sliceBudget() / imageBytes);
  const int64_t slices = (batch + fits - 1) / fits;
  const int64_t slice = (batch + slices - 1) / slices;
  for (int64_t start = 0; start < batch; start += slice) {
    const int64_t count = std::min(slice, batch - start);
    protoscope::maxPoolLoops<false>(convolve(call, x.narrow(0, start, count)), pool, out.narrow(0, start, count));
  }
  return {out};
}
