// Max-pooling's window geometry and its NHWC loops on float32 CPU images, shared by the MaxPool kernel
// and by the convolution + max-pooling kernel, which pools each batch slice's convolution output
// while it is still in cache.
#pragma once

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "activation.h"
#include "image-layout.h"
#include "kernel-registry.h"

namespace protoscope {

struct Pool {
  std::vector<int64_t> kernel;
  WindowGeometry geometry;
  /** KH KW at attribute `from`, then the window geometry. */
  static Pool read(const KernelCall& call, size_t from = 0) { return {call.integers(from, 2), WindowGeometry::read(call, from + 2)}; }
  /** Whether windows never overlap: each input pixel then belongs to one window at most. */
  bool disjoint() const { return geometry.stride[0] >= kernel[0] && geometry.stride[1] >= kernel[1]; }
  /** Pooled size along axis 0 (height) or 1 (width): tfjs's paddings, floor rounding. */
  int64_t outputSize(int64_t size, int axis) const { return geometry.outputSize(size, kernel[axis], axis); }
  // libtorch pads symmetrically and at most half a window; anything else is padded beforehand.
  bool padsItself() const {
    return geometry.symmetric() && 2 * geometry.top <= kernel[0] && 2 * geometry.left <= kernel[1];
  }
  std::vector<int64_t> padding() const { return padsItself() ? std::vector<int64_t>{geometry.top, geometry.left} : std::vector<int64_t>{0, 0}; }
  at::Tensor prepare(const at::Tensor& nchw, double value) const {
    if (padsItself()) return nchw;
    return at::constant_pad_nd(nchw, {geometry.left, geometry.right, geometry.top, geometry.bottom}, value).contiguous(at::MemoryFormat::ChannelsLast);
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


/** One pooling window, clipped to the image (which is padding with −∞ for a maximum). */
struct Window {
  int64_t n, hStart, wStart, h0, h1, w0, w1, kernelW;
  /**
   * The pixel's place in the window, kh·KW + kw: what a max-pooling records of its maximum. Kept as a
   * float (exact below 2²⁴) so that the loops compare and select in one type, which vectorises.
   */
  float offset(int64_t h, int64_t w) const { return static_cast<float>((h - hStart) * kernelW + (w - wStart)); }
};

/** A pooling of float32 NHWC images on the CPU: the geometry, and its windows row by row. */
struct PoolingLoop {
  int64_t batch, height, width, channels, outH, outW, kernelH, kernelW, strideH, strideW, top, left;
  PoolingLoop(const at::Tensor& nhwc, const Pool& pool) : PoolingLoop(nhwc.sizes(), pool) {}
  PoolingLoop(at::IntArrayRef nhwc, const Pool& pool)
      : batch(nhwc[0]), height(nhwc[1]), width(nhwc[2]), channels(nhwc[3]),
        outH(pool.outputSize(height, 0)), outW(pool.outputSize(width, 1)), kernelH(pool.kernel[0]), kernelW(pool.kernel[1]),
        strideH(pool.geometry.stride[0]), strideW(pool.geometry.stride[1]), top(pool.geometry.top), left(pool.geometry.left) {}
  /** Whether the windows tile the image exactly: every input pixel in exactly one window. */
  bool tiles() const { return strideH == kernelH && strideW == kernelW && top == 0 && left == 0 && height == outH * kernelH && width == outW * kernelW; }
  /** The window of output row `row` (n·outH + oh) and column ow. */
  Window window(int64_t row, int64_t ow) const {
    const int64_t hStart = (row % outH) * strideH - top, wStart = ow * strideW - left;
    return {row / outH, hStart, wStart, std::max<int64_t>(hStart, 0), std::min(hStart + kernelH, height),
            std::max<int64_t>(wStart, 0), std::min(wStart + kernelW, width), kernelW};
  }
  template <typename T>
  T* pixel(T* images, const Window& at, int64_t h, int64_t w) const {
    return images + ((at.n * height + h) * width + w) * channels;
  }
  /** Runs f(row) for every output row, rows in parallel (a row reads kernelH input rows). */
  template <typename F>
  void forEachRow(F f) const {
    at::parallel_for(0, batch * outH, 1, [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row) f(row);
    });
  }
};

/**
 * Max-pooling in the engine's NHWC loops. Without a record (inference) it writes no indices at all:
 * libtorch's max_pool2d always writes int64 ones, twice the output's bytes again, that nothing reads
 * when no gradient is recorded. With one it also keeps, per output, where in its window the maximum
 * was (kh·KW + kw, as a float) for MaxPoolGrad to scatter back. As in libtorch, a NaN is the maximum
 * (the last NaN of a window), the first maximum of a tie is kept and a window of −∞ points at its
 * first pixel.
 */
template <bool Record>
std::pair<at::Tensor, at::Tensor> maxPoolLoops(const at::Tensor& input, const Pool& pool, at::Tensor destination = {}, at::Tensor offsetsDestination = {}) {
  at::Tensor x = input.contiguous();
  PoolingLoop p(x, pool);
  // The destinations, when given, are contiguous [N, outH, outW, C] slices of larger tensors.
  at::Tensor y = destination.defined() ? destination : at::empty({p.batch, p.outH, p.outW, p.channels}, x.options());
  at::Tensor offsets = !Record ? at::Tensor() : offsetsDestination.defined() ? offsetsDestination : at::empty(y.sizes(), x.options());
  const float* in = x.data_ptr<float>();
  float* out = y.data_ptr<float>();
  float* where = Record ? offsets.data_ptr<float>() : nullptr;
  p.forEachRow([&](int64_t row) {
    for (int64_t ow = 0; ow < p.outW; ++ow) {
      const Window at = p.window(row, ow);
      float* __restrict o = out + (row * p.outW + ow) * p.channels;
      float* __restrict best = Record ? where + (row * p.outW + ow) * p.channels : nullptr;
      const float first = at.offset(at.h0, at.w0);
#pragma omp simd
      for (int64_t c = 0; c < p.channels; ++c) {
        o[c] = -std::numeric_limits<float>::infinity();
        if constexpr (Record) best[c] = first;
      }
      for (int64_t h = at.h0; h < at.h1; ++h) {
        for (int64_t w = at.w0; w < at.w1; ++w) {
          const float* __restrict v = p.pixel(in, at, h, w);
          const float offset = at.offset(h, w);
#pragma omp simd
          for (int64_t c = 0; c < p.channels; ++c) {
            // Read once into locals: conditional stores would keep the loop from vectorising.
            const float value = v[c], current = o[c], recorded = Record ? best[c] : 0.f;
            const bool larger = value > current || std::isnan(value);
            o[c] = larger ? value : current;
            if constexpr (Record) best[c] = larger ? offset : recorded;
          }
        }
      }
    }
  });
  return {y, offsets};
}

/**
 * The input gradient of a max-pooling with disjoint windows, from dy and the offsets its forward
 * recorded: each dy goes to its window's maximum, every other pixel of the window gets 0. With a
 * fused activation before the pooling (Activation: activation.h's kRelu or kSigmoid), dy first goes
 * through the activation's gradient at the maximum, read from the pooled output y: the gradient of
 * pool(act(z)) with respect to z, without the full-size act(z).
 */
template <int Activation>
at::Tensor maxPoolGradFromOffsets(const at::Tensor& dyIn, const at::Tensor& offsets, const at::Tensor& pooledIn, at::IntArrayRef inputShape, const Pool& pool) {
  at::Tensor dy = dyIn.contiguous();
  at::Tensor pooled = Activation == kLinear ? at::Tensor() : pooledIn.contiguous();
  PoolingLoop p(inputShape, pool);
  // Exactly tiled, every dx is written once below; otherwise pixels outside every window stay 0.
  at::Tensor dx = p.tiles() ? at::empty(inputShape, dy.options()) : at::zeros(inputShape, dy.options());
  const float* g = dy.data_ptr<float>();
  const float* where = offsets.data_ptr<float>();
  const float* maxima = Activation == kLinear ? nullptr : pooled.data_ptr<float>();
  float* out = dx.data_ptr<float>();
  p.forEachRow([&](int64_t row) {
    for (int64_t ow = 0; ow < p.outW; ++ow) {
      const Window at = p.window(row, ow);
      const int64_t index = (row * p.outW + ow) * p.channels;
      const float* __restrict d = g + index;
      const float* __restrict best = where + index;
      const float* __restrict y = maxima ? maxima + index : nullptr;
      for (int64_t h = at.h0; h < at.h1; ++h) {
        for (int64_t w = at.w0; w < at.w1; ++w) {
          float* __restrict o = p.pixel(out, at, h, w);
          const float offset = at.offset(h, w);
#pragma omp simd
          for (int64_t c = 0; c < p.channels; ++c) {
            float gradient = d[c];
            if constexpr (Activation == kRelu) gradient = y[c] > 0.f ? gradient : 0.f;
            if constexpr (Activation == kSigmoid) gradient = gradient * y[c] * (1.f - y[c]);
            o[c] = best[c] == offset ? gradient : 0.f;
          }
        }
      }
    }
  });
  return dx;
}

/** Whether the engine's own NHWC pooling loops take this call (CPU float32). */
inline bool ownPoolingLoops(const at::Tensor& x) { return x.is_cpu() && x.scalar_type() == at::kFloat; }

}  // namespace protoscope
