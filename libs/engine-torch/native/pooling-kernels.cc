// Max and average pooling and their gradients. Attributes: KH KW, then the window geometry
// (strides, dilations 1 1, paddings). Max-pooling caches where each maximum was beside its output so
// its gradient is one scatter, as in PyTorch, when a gradient is being recorded (attribute 10; without
// it, MaxPoolGrad finds the maxima again). On the CPU the engine's own NHWC loops do both: no indices
// at all in inference, 4 bytes per output (the offset in its window) under a tape, where libtorch
// writes an int64 index.
#include <limits>

#include "image-layout.h"
#include "kernel-registry.h"
#include "pooling-loops.h"

using protoscope::KernelCall;
using protoscope::Pool;
using protoscope::PoolingLoop;
using protoscope::WindowGeometry;
using protoscope::maxPoolLoops;
using protoscope::ownPoolingLoops;
using protoscope::imagesFromTorch;
using protoscope::imagesToTorch;

namespace {

const auto kChannelsLast = at::MemoryFormat::ChannelsLast;
const double kNegativeInfinity = -std::numeric_limits<double>::infinity();

}  // namespace

PROTOSCOPE_KERNEL(MaxPool) {
  Pool pool = Pool::read(call);
  bool recording = call.attrs.size() <= 10 || call.flag(10);
  const at::Tensor& images = call.in(0);
  if (ownPoolingLoops(images) && !recording) return {maxPoolLoops<false>(images, pool).first};
  // Under a tape, windows that overlap (ResNet's 3×3 stride-2 stem) keep libtorch's indices: its
  // scatter-add back was 4× faster than adding window by window here.
  if (ownPoolingLoops(images) && pool.disjoint()) {
    auto [y, offsets] = maxPoolLoops<true>(images, pool);
    call.outputAux = {offsets};
    return {y};
  }
  at::Tensor x = pool.prepare(imagesToTorch(images), kNegativeInfinity);
  auto result = at::max_pool2d_with_indices(x, pool.kernel, pool.geometry.stride, pool.padding(), {1, 1}, false);
  if (recording) call.outputAux = {std::get<1>(result)};
  return {imagesFromTorch(std::get<0>(result))};
}

// inputs dy, x, y (the forward's output, beside which its indices are cached).
PROTOSCOPE_KERNEL(MaxPoolGrad) {
  Pool pool = Pool::read(call);
  at::Tensor indices = call.inputAux.size() > 2 ? call.inputAux[2] : at::Tensor();
  if (indices.defined() && indices.scalar_type() == at::kFloat) return {protoscope::maxPoolGradFromOffsets<protoscope::kLinear>(call.in(0), indices, at::Tensor(), call.in(1).sizes(), pool)};
  at::Tensor x = imagesToTorch(call.in(1));
  at::Tensor source;
  if (indices.defined()) {
    source = at::empty(pool.preparedShape(x), x.options().memory_format(kChannelsLast));
  } else {
    // The output did not come from this backend's MaxPool: find the maxima again.
    source = pool.prepare(x, kNegativeInfinity);
    indices = std::get<1>(at::max_pool2d_with_indices(source, pool.kernel, pool.geometry.stride, pool.padding(), {1, 1}, false));
  }
  at::Tensor grad = at::max_pool2d_with_indices_backward(imagesToTorch(call.in(0)), source, pool.kernel, pool.geometry.stride,
                                                         pool.padding(), {1, 1}, false, indices);
  return {imagesFromTorch(pool.crop(grad, x.size(2), x.size(3)))};
}

PROTOSCOPE_KERNEL(AvgPool) {
  Pool pool = Pool::read(call);
  at::Tensor x = imagesToTorch(call.in(0));
  if (pool.padsItself()) return {imagesFromTorch(at::avg_pool2d(x, pool.kernel, pool.geometry.stride, pool.padding(), false, false))};
  at::Tensor sums = at::avg_pool2d(pool.prepare(x, 0), pool.kernel, pool.geometry.stride, {0, 0}, false, true, 1);
  return {imagesFromTorch(sums / pool.windowCounts(x))};
}

// inputs dy, x. tfjs's AvgPoolGrad kernels (cpu, wasm) spread each window's dy divided by the whole
// window, padding included; the engine's AvgPool gradient scales dy for the padding before calling it.
PROTOSCOPE_KERNEL(AvgPoolGrad) {
  Pool pool = Pool::read(call);
  at::Tensor dy = imagesToTorch(call.in(0));
  at::Tensor x = imagesToTorch(call.in(1));
  at::Tensor source = pool.padsItself() ? x : at::empty(pool.preparedShape(x), x.options().memory_format(kChannelsLast));
  at::Tensor grad = at::avg_pool2d_backward(dy, source, pool.kernel, pool.geometry.stride, pool.padding(), false, true, c10::nullopt);
  return {imagesFromTorch(pool.crop(grad, x.size(2), x.size(3)))};
}
