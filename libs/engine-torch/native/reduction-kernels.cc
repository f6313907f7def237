// Reductions over a list of axes (attrs: keepDims, then the axes), arg-max/min, softmax, cumulative sums.
#include <algorithm>

#include "kernel-registry.h"

using protoscope::KernelCall;

namespace {

// tfjs sums booleans and integers to int32 and floats to float32.
at::ScalarType sumType(const at::Tensor& x) { return at::isFloatingType(x.scalar_type()) ? x.scalar_type() : at::kInt; }

// Reduces one axis at a time, highest first, for the libtorch reductions that take a single dim.
template <typename Reduce>
at::Tensor eachAxis(at::Tensor x, std::vector<int64_t> axes, bool keepDims, Reduce reduce) {
  std::sort(axes.rbegin(), axes.rend());
  for (int64_t axis : axes) x = reduce(x, axis, keepDims);
  return x;
}

}  // namespace

// An empty axis list reduces nothing (libtorch would read it as "all axes").
#define REDUCTION(NAME, EXPR)                                 \
  PROTOSCOPE_KERNEL(NAME) {                                   \
    const at::Tensor& x = call.in(0);                         \
    bool keepDims = call.flag(0);                             \
    std::vector<int64_t> axes = call.rest(1);                 \
    if (axes.empty()) return {x};                             \
    return {EXPR};                                            \
  }

REDUCTION(Sum, at::sum(x, axes, keepDims, sumType(x)))
REDUCTION(Mean, at::mean(at::isFloatingType(x.scalar_type()) ? x : x.to(at::kFloat), axes, keepDims))
REDUCTION(Max, at::amax(x, axes, keepDims))
REDUCTION(Min, at::amin(x, axes, keepDims))
REDUCTION(Prod, eachAxis(x.to(sumType(x)), axes, keepDims, [](const at::Tensor& t, int64_t a, bool k) { return at::prod(t, a, k); }))
REDUCTION(All, eachAxis(x.to(at::kBool), axes, keepDims, [](const at::Tensor& t, int64_t a, bool k) { return at::all(t, a, k); }))
REDUCTION(Any, eachAxis(x.to(at::kBool), axes, keepDims, [](const at::Tensor& t, int64_t a, bool k) { return at::any(t, a, k); }))

// attrs: axis. Ties go to the first index, in both libraries.
PROTOSCOPE_KERNEL(ArgMax) { return {at::argmax(call.in(0), call.integer(0))}; }
PROTOSCOPE_KERNEL(ArgMin) { return {at::argmin(call.in(0), call.integer(0))}; }

// attrs: axis.
PROTOSCOPE_KERNEL(Softmax) { return {at::softmax(call.in(0), call.integer(0))}; }

namespace {
// attrs: axis, exclusive, reverse. Exclusive shifts the running total by one along the axis.
template <typename Scan>
at::Tensor scan(const KernelCall& call, Scan running, double identity) {
  int64_t axis = call.integer(0);
  at::Tensor x = call.in(0);
  if (call.flag(2)) x = at::flip(x, {axis});
  at::Tensor y = running(x, axis);
  if (call.flag(1) && x.size(axis) > 0) {
    at::Tensor first = at::full_like(x.narrow(axis, 0, 1), identity);
    y = at::cat({first, y.narrow(axis, 0, x.size(axis) - 1)}, axis);
  }
  return call.flag(2) ? at::flip(y, {axis}) : y;
}
}  // namespace

PROTOSCOPE_KERNEL(Cumsum) {
  return {scan(call, [](const at::Tensor& x, int64_t a) { return at::cumsum(x, a, x.scalar_type()); }, 0)};
}
PROTOSCOPE_KERNEL(Cumprod) {
  return {scan(call, [](const at::Tensor& x, int64_t a) { return at::cumprod(x, a, x.scalar_type()); }, 1)};
}

// attrs: k, sorted. A stable descending sort keeps the lower index first among ties, as tfjs does.
PROTOSCOPE_KERNEL(TopK) {
  int64_t k = call.integer(0);
  auto sorted = at::sort(call.in(0), true, -1, true);
  return {std::get<0>(sorted).narrow(-1, 0, k), std::get<1>(sorted).narrow(-1, 0, k)};
}
