// Max and average pooling and their gradients. Attributes: KH KW, then the window geometry
// (strides, dilations 1 1, paddings). Max-pooling caches its argmax indices beside its output so its
// gradient is one scatter, as in PyTorch, when a gradient is being recorded (attribute 10; without it,
// MaxPoolGrad finds the maxima again).
#include <ATen/Parallel.h>

#include <cmath>
#include <limits>

#include "image-layout.h"
#include "kernel-registry.h"

using protoscope::KernelCall;
using protoscope::WindowGeometry;
using protoscope::imagesFromTorch;
using protoscope::imagesToTorch;

namespace {

const auto kChannelsLast = at::MemoryFormat::ChannelsLast;
const double kNegativeInfinity = -std::numeric_limits<double>::infinity();

struct Pool {
  std::vector<int64_t> kernel;
  WindowGeometry geometry;
  static Pool read(const KernelCall& call) { return {call.integers(0, 2), WindowGeometry::read(call, 2)}; }
  // libtorch pads symmetrically and at most half a window; anything else is padded beforehand.
  bool padsItself() const {
    return geometry.symmetric() && 2 * geometry.top <= kernel[0] && 2 * geometry.left <= kernel[1];
  }
  std::vector<int64_t> padding() const { return padsItself() ? std::vector<int64_t>{geometry.top, geometry.left} : std::vector<int64_t>{0, 0}; }
  at::Tensor prepare(const at::Tensor& nchw, double value) const {
    if (padsItself()) return nchw;
    return at::constant_pad_nd(nchw, {geometry.left, geometry.right, geometry.top, geometry.bottom}, value).contiguous(kChannelsLast);
  }
  std::vector<int64_t> preparedShape(const at::Tensor& nchw) const {
    std::vector<int64_t> shape = nchw.sizes().vec();
    if (!padsItself()) {
      shape[2] += geometry.top + geometry.bottom;
      shape[3] += geometry.left + geometry.right;
    }
    return shape;
  }
  at::Tensor crop(const at::Tensor& nchw, int64_t height, int64_t width) const {
    if (padsItself()) return nchw;
    return nchw.slice(2, geometry.top, geometry.top + height).slice(3, geometry.left, geometry.left + width);
  }
  /** How many real (unpadded) pixels each window covers: tfjs's average leaves padding out. */
  at::Tensor windowCounts(const at::Tensor& nchw) const {
    at::Tensor ones = at::ones({1, 1, nchw.size(2), nchw.size(3)}, nchw.options());
    return at::avg_pool2d(prepare(ones, 0), kernel, geometry.stride, {0, 0}, false, true, 1);
  }
};

/**
 * Max-pooling of float32 NHWC images on the CPU without argmax indices. libtorch's max_pool2d always
 * writes int64 indices (twice the output's bytes again) that nothing reads when no gradient is
 * recorded, as in inference and explainers. Windows are clipped to the image, which is padding with
 * −∞; a NaN in a window is its maximum, as in libtorch.
 */
at::Tensor maxPoolWithoutIndices(const at::Tensor& input, const Pool& pool) {
  at::Tensor x = input.contiguous();
  const int64_t batch = x.size(0), height = x.size(1), width = x.size(2), channels = x.size(3);
  const int64_t kernelH = pool.kernel[0], kernelW = pool.kernel[1];
  const int64_t strideH = pool.geometry.stride[0], strideW = pool.geometry.stride[1];
  const int64_t top = pool.geometry.top, left = pool.geometry.left;
  const int64_t outH = (height + top + pool.geometry.bottom - kernelH) / strideH + 1;
  const int64_t outW = (width + left + pool.geometry.right - kernelW) / strideW + 1;
  at::Tensor y = at::empty({batch, outH, outW, channels}, x.options());
  const float* in = x.data_ptr<float>();
  float* out = y.data_ptr<float>();
  const float lowest = -std::numeric_limits<float>::infinity();
  // One output row per task: a row reads kernelH input rows, enough work to be worth a thread.
  at::parallel_for(0, batch * outH, 1, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t n = row / outH, oh = row % outH;
      const int64_t h0 = std::max<int64_t>(oh * strideH - top, 0), h1 = std::min(oh * strideH - top + kernelH, height);
      for (int64_t ow = 0; ow < outW; ++ow) {
        const int64_t w0 = std::max<int64_t>(ow * strideW - left, 0), w1 = std::min(ow * strideW - left + kernelW, width);
        float* __restrict o = out + ((row * outW) + ow) * channels;
#pragma omp simd
        for (int64_t c = 0; c < channels; ++c) o[c] = lowest;
        for (int64_t h = h0; h < h1; ++h) {
          for (int64_t w = w0; w < w1; ++w) {
            const float* __restrict v = in + ((n * height + h) * width + w) * channels;
#pragma omp simd
            for (int64_t c = 0; c < channels; ++c) o[c] = (v[c] > o[c] || std::isnan(v[c])) ? v[c] : o[c];
          }
        }
      }
    }
  });
  return y;
}

}  // namespace

PROTOSCOPE_KERNEL(MaxPool) {
  Pool pool = Pool::read(call);
  bool recording = call.attrs.size() <= 10 || call.flag(10);
  const at::Tensor& images = call.in(0);
  if (!recording && images.is_cpu() && images.scalar_type() == at::kFloat) return {maxPoolWithoutIndices(images, pool)};
  at::Tensor x = pool.prepare(imagesToTorch(images), kNegativeInfinity);
  auto result = at::max_pool2d_with_indices(x, pool.kernel, pool.geometry.stride, pool.padding(), {1, 1}, false);
  if (recording) call.outputAux = {std::get<1>(result)};
  return {imagesFromTorch(std::get<0>(result))};
}

// inputs dy, x, y (the forward's output, beside which its indices are cached).
PROTOSCOPE_KERNEL(MaxPoolGrad) {
  Pool pool = Pool::read(call);
  at::Tensor x = imagesToTorch(call.in(1));
  at::Tensor indices = call.inputAux.size() > 2 ? call.inputAux[2] : at::Tensor();
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
