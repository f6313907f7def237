// Kernels that move, select or build values without arithmetic. Views are fine: tensors are never
// written in place, and reads make them contiguous.
#include "kernel-registry.h"

using protoscope::KernelCall;

namespace {
std::vector<at::Tensor> allInputs(const KernelCall& call) { return call.inputs; }
at::Tensor longIndices(const at::Tensor& indices) { return indices.reshape({-1}).to(at::kLong); }
}  // namespace

// attrs: the new shape (resolved).
PROTOSCOPE_KERNEL(Reshape) { return {call.in(0).reshape(call.rest(0))}; }
// attrs: the permutation.
PROTOSCOPE_KERNEL(Transpose) { return {call.in(0).permute(call.rest(0))}; }
// attrs: the target shape.
PROTOSCOPE_KERNEL(BroadcastTo) { return {call.in(0).expand(call.rest(0))}; }
// attrs: the axis.
PROTOSCOPE_KERNEL(Concat) { return {at::cat(allInputs(call), call.integer(0))}; }
PROTOSCOPE_KERNEL(Pack) { return {at::stack(allInputs(call), call.integer(0))}; }
PROTOSCOPE_KERNEL(Unpack) { return at::unbind(call.in(0), call.integer(0)); }
// attrs: the axis, then the sizes.
PROTOSCOPE_KERNEL(SplitV) { return at::split_with_sizes(call.in(0), call.rest(1), call.integer(0)); }
// attrs: the repetitions per axis.
PROTOSCOPE_KERNEL(Tile) { return {call.in(0).repeat(call.rest(0))}; }
// attrs: the axes to flip.
PROTOSCOPE_KERNEL(Reverse) { return {at::flip(call.in(0), call.rest(0))}; }

// attrs: begin per axis, then size per axis.
PROTOSCOPE_KERNEL(Slice) {
  at::Tensor x = call.in(0);
  int64_t rank = x.dim();
  for (int64_t axis = 0; axis < rank; axis++) {
    int64_t begin = call.integer(axis);
    x = x.slice(axis, begin, begin + call.integer(rank + axis));
  }
  return {x};
}

// attrs: rank, begin, end, strides (each per axis, positive strides), then the final shape.
PROTOSCOPE_KERNEL(StridedSlice) {
  at::Tensor x = call.in(0);
  int64_t rank = call.integer(0);
  for (int64_t axis = 0; axis < rank; axis++) {
    x = x.slice(axis, call.integer(1 + axis), call.integer(1 + rank + axis), call.integer(1 + 2 * rank + axis));
  }
  return {x.reshape(call.rest(1 + 3 * rank))};
}

// attrs: constant value, then (before, after) per axis.
PROTOSCOPE_KERNEL(PadV2) {
  std::vector<int64_t> pairs = call.rest(1);
  // constant_pad_nd lists the last axis first.
  std::vector<int64_t> reversed;
  for (size_t i = pairs.size(); i >= 2; i -= 2) {
    reversed.push_back(pairs[i - 2]);
    reversed.push_back(pairs[i - 1]);
  }
  return {at::constant_pad_nd(call.in(0), reversed, call.attr(0))};
}

// attrs: mode (0 reflect, 1 symmetric), then (before, after) per axis: one gather per padded axis.
PROTOSCOPE_KERNEL(MirrorPad) {
  at::Tensor x = call.in(0);
  bool symmetric = call.flag(0);
  for (int64_t axis = 0; axis < x.dim(); axis++) {
    int64_t before = call.integer(1 + 2 * axis), after = call.integer(2 + 2 * axis), n = x.size(axis);
    if (before == 0 && after == 0) continue;
    std::vector<int64_t> index;
    int64_t edge = symmetric ? 0 : 1;
    for (int64_t i = before; i >= 1; i--) index.push_back(i - 1 + edge);
    for (int64_t i = 0; i < n; i++) index.push_back(i);
    for (int64_t i = 1; i <= after; i++) index.push_back(n - i - edge);
    x = at::index_select(x, axis, at::tensor(index, call.options(at::kLong)));
  }
  return {x};
}

// attrs: axis. Output: x's leading axes, the indices' shape, x's trailing axes.
PROTOSCOPE_KERNEL(GatherV2) {
  const at::Tensor& x = call.in(0);
  const at::Tensor& indices = call.in(1);
  int64_t axis = call.integer(0);
  std::vector<int64_t> shape(x.sizes().begin(), x.sizes().begin() + axis);
  shape.insert(shape.end(), indices.sizes().begin(), indices.sizes().end());
  shape.insert(shape.end(), x.sizes().begin() + axis + 1, x.sizes().end());
  return {at::index_select(x, axis, longIndices(indices)).reshape(shape)};
}

namespace {
// Row-major linear index of the first K axes named by the last axis of `indices`.
at::Tensor linearIndex(const at::Tensor& indices, const std::vector<int64_t>& shape) {
  int64_t k = indices.size(-1);
  std::vector<int64_t> strides(k, 1);
  for (int64_t i = k - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  at::Tensor weights = at::tensor(strides, indices.options().dtype(at::kLong));
  return (indices.to(at::kLong).reshape({-1, k}) * weights).sum(1);
}
}  // namespace

PROTOSCOPE_KERNEL(GatherNd) {
  const at::Tensor& x = call.in(0);
  const at::Tensor& indices = call.in(1);
  int64_t k = indices.size(-1);
  std::vector<int64_t> shape(indices.sizes().begin(), indices.sizes().end() - 1);
  shape.insert(shape.end(), x.sizes().begin() + k, x.sizes().end());
  at::Tensor flat = x.flatten(0, k - 1);
  return {at::index_select(flat, 0, linearIndex(indices, x.sizes().vec())).reshape(shape)};
}

// inputs indices, updates; attrs: the output shape. Duplicate indices add up.
PROTOSCOPE_KERNEL(ScatterNd) {
  const at::Tensor& indices = call.in(0);
  const at::Tensor& updates = call.in(1);
  std::vector<int64_t> shape = call.rest(0);
  int64_t k = indices.size(-1);
  std::vector<int64_t> flatShape{1};
  for (int64_t i = 0; i < k; i++) flatShape[0] *= shape[i];
  flatShape.insert(flatShape.end(), shape.begin() + k, shape.end());
  at::Tensor out = at::zeros(flatShape, updates.options());
  std::vector<int64_t> rowsShape{-1};
  rowsShape.insert(rowsShape.end(), shape.begin() + k, shape.end());
  out.index_add_(0, linearIndex(indices, shape), updates.reshape(rowsShape));
  return {out.reshape(shape)};
}

// inputs x, segment ids (a prefix of x's shape); attrs: number of segments.
PROTOSCOPE_KERNEL(UnsortedSegmentSum) {
  const at::Tensor& x = call.in(0);
  const at::Tensor& ids = call.in(1);
  std::vector<int64_t> shape{call.integer(0)};
  shape.insert(shape.end(), x.sizes().begin() + ids.dim(), x.sizes().end());
  std::vector<int64_t> rowsShape{-1};
  rowsShape.insert(rowsShape.end(), x.sizes().begin() + ids.dim(), x.sizes().end());
  at::Tensor out = at::zeros(shape, x.options());
  out.index_add_(0, longIndices(ids), x.reshape(rowsShape));
  return {out};
}

// attrs: depth, on value, off value, dtype code. Indices outside [0, depth) give a row of off values.
PROTOSCOPE_KERNEL(OneHot) {
  at::Tensor classes = at::arange(call.integer(0), call.options(at::kLong));
  at::Tensor hits = call.in(0).to(at::kLong).unsqueeze(-1) == classes;
  at::ScalarType type = protoscope::scalarTypeOf(static_cast<int>(call.integer(3)));
  return {at::where(hits, at::scalar_tensor(call.attr(1), call.options(type)), at::scalar_tensor(call.attr(2), call.options(type)))};
}

// attrs: start, step, count, dtype code (tfjs's rules for empty and reversed ranges are applied by the caller).
PROTOSCOPE_KERNEL(Range) {
  at::Tensor steps = at::arange(call.integer(2), call.options(at::kDouble));
  return {(steps * call.attr(1) + call.attr(0)).to(protoscope::scalarTypeOf(static_cast<int>(call.integer(3))))};
}

// attrs: value, dtype code, then the shape.
PROTOSCOPE_KERNEL(Fill) {
  return {at::full(call.rest(2), call.attr(0), call.options(protoscope::scalarTypeOf(static_cast<int>(call.integer(1)))))};
}
