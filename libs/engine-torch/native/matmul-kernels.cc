// Matrix products. tfjs passes rank-3 operands [batch, rows, cols]; the transpose flags become strided
// views, which libtorch's GEMM reads without a copy; large products run on oneDNN where the BLAS is
// generic (onednn-matmul.h).
#include "activation.h"
#include "kernel-registry.h"
#include "onednn-matmul.h"

using protoscope::KernelCall;

namespace {
at::Tensor product(const KernelCall& call) {
  at::Tensor a = call.flag(0) ? call.in(0).transpose(-1, -2) : call.in(0);
  at::Tensor b = call.flag(1) ? call.in(1).transpose(-1, -2) : call.in(1);
  return protoscope::matrixProduct(a, b);
}
}  // namespace

// attrs: transposeA, transposeB.
PROTOSCOPE_KERNEL(BatchMatMul) { return {product(call)}; }

// attrs: transposeA, transposeB, activation code, leaky-ReLU alpha, has bias, has PReLU weights.
PROTOSCOPE_KERNEL(_FusedMatMul) {
  at::Tensor y = product(call);
  size_t next = 2;
  if (call.flag(4)) y.add_(call.in(next++));
  at::Tensor prelu = call.flag(5) ? call.in(next) : at::Tensor();
  return {protoscope::applyActivation(y, static_cast<int>(call.integer(2)), call.attr(3), prelu)};
}
