// The input gradient of a convolution with one input channel (single-channel-input-gradient.h).
#include "single-channel-input-gradient.h"

#include <ATen/Parallel.h>

// Function multiversioning needs x86-64 and the ELF loader's ifuncs; elsewhere one baseline build.
#if defined(__x86_64__) && defined(__linux__)
#define PROTOSCOPE_MULTIVERSIONED __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define PROTOSCOPE_MULTIVERSIONED
#endif

namespace protoscope {

namespace {

struct Geometry {
  int64_t height, width, outH, outW, channels, kernelH, kernelW, strideH, strideW, dilationH, dilationW, top, left;
};

/**
 * Which output column each (input column, kernel column) pair reads, or −1 where none: worked out
 * once per call, so that the loops below do no integer division.
 */
std::vector<int64_t> outputColumns(const Geometry& g) {
  std::vector<int64_t> columns(g.width * g.kernelW, -1);
  for (int64_t iw = 0; iw < g.width; ++iw) {
    for (int64_t kw = 0; kw < g.kernelW; ++kw) {
      const int64_t cols = iw + g.left - kw * g.dilationW;
      if (cols >= 0 && cols % g.strideW == 0 && cols / g.strideW < g.outW) columns[iw * g.kernelW + kw] = cols / g.strideW;
    }
  }
  return columns;
}

/**
 * One image row of dx. Compiled for AVX-512, AVX2 and the baseline, chosen at load time (GCC's
 * function multiversioning): the addon is built for any x86-64, and the baseline's 4-wide SSE would
 * lose most of the gain.
 */
PROTOSCOPE_MULTIVERSIONED
void inputGradientRow(const Geometry& g, const int64_t* columns, const float* gradients, const float* weights, int64_t n, int64_t ih, float* out) {
  constexpr int64_t kLanes = 16;
  for (int64_t iw = 0; iw < g.width; ++iw) {
    // 16 partial sums (one AVX-512 register) over taps and channel blocks, reduced once per pixel.
    float lanes[kLanes] = {};
    float tail = 0.f;
    for (int64_t kh = 0; kh < g.kernelH; ++kh) {
      const int64_t rows = ih + g.top - kh * g.dilationH;
      if (rows < 0 || rows % g.strideH != 0 || rows / g.strideH >= g.outH) continue;
      const float* dyRow = gradients + (n * g.outH + rows / g.strideH) * g.outW * g.channels;
      for (int64_t kw = 0; kw < g.kernelW; ++kw) {
        const int64_t ow = columns[iw * g.kernelW + kw];
        if (ow < 0) continue;
        const float* __restrict d = dyRow + ow * g.channels;
        const float* __restrict w = weights + (kh * g.kernelW + kw) * g.channels;
        int64_t o = 0;
        for (; o + kLanes <= g.channels; o += kLanes) {
#pragma omp simd
          for (int64_t j = 0; j < kLanes; ++j) lanes[j] += d[o + j] * w[o + j];
        }
        for (; o < g.channels; ++o) tail += d[o] * w[o];
      }
    }
    for (int64_t half = kLanes / 2; half > 0; half /= 2) {
      for (int64_t j = 0; j < half; ++j) lanes[j] += lanes[j + half];
    }
    out[iw] = lanes[0] + tail;
  }
}

}  // namespace

at::Tensor singleChannelInputGradient(const at::Tensor& dyIn, const at::Tensor& hwio, const WindowGeometry& w, const std::vector<int64_t>& inputShape) {
  const at::Tensor dy = dyIn.contiguous();
  const at::Tensor filter = hwio.contiguous();
  const Geometry g{inputShape[1], inputShape[2], dy.size(1), dy.size(2), dy.size(3), filter.size(0), filter.size(1),
                   w.stride[0], w.stride[1], w.dilation[0], w.dilation[1], w.top, w.left};
  at::Tensor dx = at::empty({inputShape[0], g.height, g.width, 1}, dy.options());
  const float* gradients = dy.data_ptr<float>();
  const float* weights = filter.data_ptr<float>();
  float* out = dx.data_ptr<float>();
  const std::vector<int64_t> columns = outputColumns(g);
  at::parallel_for(0, inputShape[0] * g.height, 1, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) inputGradientRow(g, columns.data(), gradients, weights, row / g.height, row % g.height, out + row * g.width);
  });
  return dx;
}

}  // namespace protoscope
