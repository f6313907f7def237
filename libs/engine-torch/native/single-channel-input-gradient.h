// The input gradient of a convolution whose input has one channel: a grayscale image's first layer,
// which every gradient explainer (MDM, saliency, integrated gradients) differentiates through.
// libtorch 1.13's backward-data for it runs at about 3.5 GFLOP/s (10 ms for 32 images of 64×64 from
// 32 channels of 3×3, as slow in PyTorch); this loop sums each pixel's taps and channels in one
// 16-lane register and reduces it once per pixel (4.9 ms on one thread, 2.4 on two).
#pragma once

#include <ATen/ATen.h>

#include <vector>

#include "image-layout.h"

namespace protoscope {

/** Whether the own loop takes this input gradient: CPU float32, one input channel, no groups. */
inline bool singleChannelInputGradientApplies(const at::Tensor& dy, const at::Tensor& hwio, int64_t inputChannels) {
  return inputChannels == 1 && hwio.size(2) == 1 && dy.is_cpu() && dy.scalar_type() == at::kFloat && hwio.scalar_type() == at::kFloat;
}

/**
 * dx[n, ih, iw] = Σ over taps (kh, kw) and output channels o of dy[n, oh, ow, o] · w[kh, kw, 0, o],
 * where ih = oh·strideH − top + kh·dilationH (and likewise for columns): every output the pixel fed.
 * dy [N, OH, OW, O] NHWC, filter [KH, KW, 1, O]; returns dx [N, H, W, 1].
 */
at::Tensor singleChannelInputGradient(const at::Tensor& dy, const at::Tensor& hwio, const WindowGeometry& g, const std::vector<int64_t>& inputShape);

}  // namespace protoscope
