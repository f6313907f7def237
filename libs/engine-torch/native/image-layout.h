// tfjs keeps images NHWC; libtorch's convolutions take NCHW. A permuted view of an NHWC tensor is an
// NCHW tensor in channels-last memory, which is the layout PyTorch's CPU convolutions are fastest in,
// so no data moves at either boundary.
#pragma once

#include <ATen/ATen.h>

#include <vector>

#include "kernel-registry.h"

namespace protoscope {

inline at::Tensor imagesToTorch(const at::Tensor& nhwc) { return nhwc.permute({0, 3, 1, 2}); }
inline at::Tensor imagesFromTorch(const at::Tensor& nchw) { return nchw.permute({0, 2, 3, 1}); }

/** Strides, dilations and the four paddings tfjs resolved (attrs: sH sW dH dW top bottom left right). */
struct WindowGeometry {
  std::vector<int64_t> stride, dilation;
  int64_t top, bottom, left, right;

  static WindowGeometry read(const KernelCall& call, size_t from) {
    return {call.integers(from, 2), call.integers(from + 2, 2), call.integer(from + 4), call.integer(from + 5),
            call.integer(from + 6), call.integer(from + 7)};
  }
  bool symmetric() const { return top == bottom && left == right; }
  /**
   * The output size along axis 0 (rows) or 1 (columns) of a window of `kernel` taps sliding over
   * `size` pixels with these paddings: floor rounding, as libtorch sizes it.
   */
  int64_t outputSize(int64_t size, int64_t kernel, int axis) const {
    const int64_t pads = axis == 0 ? top + bottom : left + right;
    return (size + pads - ((kernel - 1) * dilation[axis] + 1)) / stride[axis] + 1;
  }
  /** libtorch pads symmetrically; other paddings are applied explicitly beforehand. */
  std::vector<int64_t> torchPadding() const {
    return symmetric() ? std::vector<int64_t>{top, left} : std::vector<int64_t>{0, 0};
  }
  at::Tensor padExplicitly(const at::Tensor& nchw, double value) const {
    if (symmetric()) return nchw;
    return at::constant_pad_nd(nchw, {left, right, top, bottom}, value).contiguous(at::MemoryFormat::ChannelsLast);
  }
  /** The gradient of an explicitly padded input, cropped back to the input. */
  at::Tensor crop(const at::Tensor& nchw, int64_t height, int64_t width) const {
    if (symmetric()) return nchw;
    return nchw.slice(2, top, top + height).slice(3, left, left + width);
  }
  std::vector<int64_t> paddedShape(std::vector<int64_t> nchw) const {
    if (!symmetric()) {
      nchw[2] += top + bottom;
      nchw[3] += left + right;
    }
    return nchw;
  }
};

}  // namespace protoscope
