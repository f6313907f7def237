// Max and average pooling and their gradients. Attributes: KH KW, then the window geometry
// (strides, dilations 1 1, paddings). Max-pooling caches where each maximum was beside its output so
// its gradient is one scatter, as in PyTorch, when a gradient is being recorded (attribute 10; without
// it, MaxPoolGrad finds the maxima again). On the CPU the engine's own NHWC loops do both: no indices
// at all in inference, 4 bytes per output (the offset in its window) under a tape, where libtorch
// writes an int64 index.
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

/** Pooled size along axis 0 (height) or 1 (width): tfjs's paddings, floor rounding. */
int64_t pooledSize(int64_t size, const Pool& pool, int axis) {
  const int64_t before = axis == 0 ? pool.geometry.top : pool.geometry.left;
  const int64_t after = axis == 0 ? pool.geometry.bottom : pool.geometry.right;
  return (size + before + after - pool.kernel[axis]) / pool.geometry.stride[axis] + 1;
}

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
  PoolingLoop(const at::Tensor& nhwc, const Pool& pool)
      : batch(nhwc.size(0)), height(nhwc.size(1)), width(nhwc.size(2)), channels(nhwc.size(3)),
        outH(pooledSize(height, pool, 0)), outW(pooledSize(width, pool, 1)), kernelH(pool.kernel[0]), kernelW(pool.kernel[1]),
        strideH(pool.geometry.stride[0]), strideW(pool.geometry.stride[1]), top(pool.geometry.top), left(pool.geometry.left) {}
  /** Whether windows never overlap: each input pixel then belongs to one window at most. */
  bool disjoint() const { return strideH >= kernelH && strideW >= kernelW; }
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
std::pair<at::Tensor, at::Tensor> maxPoolLoops(const at::Tensor& input, const Pool& pool) {
  at::Tensor x = input.contiguous();
  PoolingLoop p(x, pool);
  at::Tensor y = at::empty({p.batch, p.outH, p.outW, p.channels}, x.options());
  at::Tensor offsets = Record ? at::empty(y.sizes(), x.options()) : at::Tensor();
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
 * dx of a max-pooling with disjoint windows from dy and the forward's offsets: each dy goes to its
 * window's maximum, every other pixel of the window gets 0.
 */
at::Tensor maxPoolGradFromOffsets(const at::Tensor& dyIn, const at::Tensor& offsets, const at::Tensor& x, const Pool& pool) {
  at::Tensor dy = dyIn.contiguous();
  PoolingLoop p(x, pool);
  // Exactly tiled, every dx is written once below; otherwise pixels outside every window stay 0.
  at::Tensor dx = p.tiles() ? at::empty(x.sizes(), dy.options()) : at::zeros(x.sizes(), dy.options());
  const float* g = dy.data_ptr<float>();
  const float* where = offsets.data_ptr<float>();
  float* out = dx.data_ptr<float>();
  p.forEachRow([&](int64_t row) {
    for (int64_t ow = 0; ow < p.outW; ++ow) {
      const Window at = p.window(row, ow);
      const float* __restrict d = g + (row * p.outW + ow) * p.channels;
      const float* __restrict best = where + (row * p.outW + ow) * p.channels;
      for (int64_t h = at.h0; h < at.h1; ++h) {
        for (int64_t w = at.w0; w < at.w1; ++w) {
          float* __restrict o = p.pixel(out, at, h, w);
          const float offset = at.offset(h, w);
#pragma omp simd
          for (int64_t c = 0; c < p.channels; ++c) {
            const float gradient = d[c], place = best[c];
            o[c] = place == offset ? gradient : 0.f;
          }
        }
      }
    }
  });
  return dx;
}

/** Whether the engine's own NHWC pooling loops take this call (CPU float32). */
bool ownPoolingLoops(const at::Tensor& x) { return x.is_cpu() && x.scalar_type() == at::kFloat; }

}  // namespace

PROTOSCOPE_KERNEL(MaxPool) {
  Pool pool = Pool::read(call);
  bool recording = call.attrs.size() <= 10 || call.flag(10);
  const at::Tensor& images = call.in(0);
  if (ownPoolingLoops(images) && !recording) return {maxPoolLoops<false>(images, pool).first};
  // Under a tape, windows that overlap (ResNet's 3×3 stride-2 stem) keep libtorch's indices: its
  // scatter-add back was 4× faster than adding window by window here.
  if (ownPoolingLoops(images) && PoolingLoop(images, pool).disjoint()) {
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
  if (indices.defined() && indices.scalar_type() == at::kFloat) return {maxPoolGradFromOffsets(call.in(0), indices, call.in(1), pool)};
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
