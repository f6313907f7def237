// Bilinear and nearest-neighbour resizing of NHWC images with tfjs's source-pixel conventions
// (legacy o·in/out, align-corners, half-pixel centres), one gather per axis; gradients scatter back.
// attrs: alignCorners, halfPixelCenters, then (forward only) the new height and width.
#include <algorithm>
#include <cmath>

#include "kernel-registry.h"

using protoscope::KernelCall;

namespace {

struct AxisMap {
  at::Tensor lower, upper, fraction;  // per output position
};

double sourceRatio(int64_t in, int64_t out, bool alignCorners) {
  return (alignCorners && out > 1) ? static_cast<double>(in - 1) / (out - 1) : static_cast<double>(in) / out;
}

double sourcePosition(int64_t o, double ratio, bool halfPixelCenters) {
  return halfPixelCenters ? ratio * (o + 0.5) - 0.5 : ratio * o;
}

AxisMap bilinearAxis(const KernelCall& call, int64_t in, int64_t out, int axis) {
  double ratio = sourceRatio(in, out, call.flag(0));
  std::vector<int64_t> lower(out), upper(out);
  std::vector<float> fraction(out);
  for (int64_t o = 0; o < out; o++) {
    double source = sourcePosition(o, ratio, call.flag(1));
    double low = std::max(0.0, std::floor(source));
    lower[o] = static_cast<int64_t>(low);
    upper[o] = std::min(in - 1, static_cast<int64_t>(std::ceil(source)));
    fraction[o] = static_cast<float>(source - low);
  }
  std::vector<int64_t> shape{1, 1, 1, 1};
  shape[axis] = out;
  return {at::tensor(lower, call.options(at::kLong)), at::tensor(upper, call.options(at::kLong)),
          at::tensor(fraction, call.options(at::kFloat)).reshape(shape)};
}

at::Tensor nearestAxis(const KernelCall& call, int64_t in, int64_t out) {
  double ratio = sourceRatio(in, out, call.flag(0));
  std::vector<int64_t> index(out);
  for (int64_t o = 0; o < out; o++) {
    double source = call.flag(1) ? ratio * (o + 0.5) : ratio * o;
    int64_t nearest = std::min(in - 1, static_cast<int64_t>(call.flag(0) ? std::round(source) : std::floor(source)));
    index[o] = call.flag(1) ? std::max<int64_t>(0, nearest) : nearest;
  }
  return at::tensor(index, call.options(at::kLong));
}

at::Tensor interpolate(const at::Tensor& x, const AxisMap& map, int axis) {
  at::Tensor low = at::index_select(x, axis, map.lower);
  return low + (at::index_select(x, axis, map.upper) - low) * map.fraction;
}

at::Tensor scatterBack(const at::Tensor& dy, const AxisMap& map, int axis, int64_t in) {
  std::vector<int64_t> shape = dy.sizes().vec();
  shape[axis] = in;
  at::Tensor dx = at::zeros(shape, dy.options());
  dx.index_add_(axis, map.lower, dy * (1 - map.fraction));
  dx.index_add_(axis, map.upper, dy * map.fraction);
  return dx;
}

}  // namespace

PROTOSCOPE_KERNEL(ResizeBilinear) {
  at::Tensor x = call.in(0).to(at::kFloat);
  x = interpolate(x, bilinearAxis(call, x.size(1), call.integer(2), 1), 1);
  return {interpolate(x, bilinearAxis(call, x.size(2), call.integer(3), 2), 2)};
}

// inputs images, dy.
PROTOSCOPE_KERNEL(ResizeBilinearGrad) {
  const at::Tensor& images = call.in(0);
  at::Tensor dy = call.in(1);
  int64_t height = images.size(1), width = images.size(2);
  dy = scatterBack(dy, bilinearAxis(call, width, dy.size(2), 2), 2, width);
  return {scatterBack(dy, bilinearAxis(call, height, dy.size(1), 1), 1, height)};
}

PROTOSCOPE_KERNEL(ResizeNearestNeighbor) {
  const at::Tensor& x = call.in(0);
  at::Tensor rows = at::index_select(x, 1, nearestAxis(call, x.size(1), call.integer(2)));
  return {at::index_select(rows, 2, nearestAxis(call, x.size(2), call.integer(3)))};
}

// inputs images, dy.
PROTOSCOPE_KERNEL(ResizeNearestNeighborGrad) {
  const at::Tensor& images = call.in(0);
  const at::Tensor& dy = call.in(1);
  at::Tensor alongWidth = at::zeros({dy.size(0), dy.size(1), images.size(2), dy.size(3)}, dy.options());
  alongWidth.index_add_(2, nearestAxis(call, images.size(2), dy.size(2)), dy);
  at::Tensor dx = at::zeros(images.sizes(), dy.options());
  dx.index_add_(1, nearestAxis(call, images.size(1), dy.size(1)), alongWidth);
  return {dx};
}
