// Matrix products on oneDNN where libtorch's BLAS is slow. A libtorch built without MKL (Debian's,
// BLAS_INFO=generic) runs at::matmul on whatever libblas.so.3 the system provides, which is often the
// unoptimised reference BLAS: a [2048, 64]·[64, 20] product took 0.9 ms there against 0.24 ms as a
// oneDNN 1×1 convolution (the rows as a batch of 1×1 images, the right operand as the filter), which
// is how PyTorch's own ProtoPNet computes its prototype distances. Small products stay on at::matmul:
// creating the oneDNN primitive costs ≈ 25 µs, more than a few thousand multiply-adds.
#pragma once

#include <ATen/ATen.h>
#include <ATen/Context.h>

#include <vector>

namespace protoscope {

/** Multiply-adds per product from which oneDNN beats the reference BLAS (measured break-even ≈ 90 k). */
constexpr int64_t kOneDnnMinWork = 1 << 17;

/** Whether this libtorch's GEMM is the system BLAS while oneDNN is there (decided once per process). */
inline bool blasIsGeneric() {
  static const bool generic = !at::hasMKL() && at::hasMKLDNN();
  return generic;
}

/** a [M, K] · b [K, N] as a oneDNN convolution: rows of a are a batch of 1×1 images, bᵀ the filter. */
inline at::Tensor oneDnnProduct(const at::Tensor& a, const at::Tensor& b) {
  int64_t m = a.size(0), k = a.size(1), n = b.size(1);
  at::Tensor input = a.contiguous().view({m, k, 1, 1});
  // A transposed operand that is a view of a contiguous [N, K] tensor is already the filter's memory.
  at::Tensor weight = b.t().contiguous().view({n, k, 1, 1});
  return at::mkldnn_convolution(input, weight, c10::nullopt, {0, 0}, {1, 1}, {1, 1}, 1).view({m, n});
}

/**
 * a [..., M, K] · b [..., K, N] with broadcast batch dimensions, as at::matmul, with each product on
 * oneDNN when the BLAS is generic and the product is large enough to pay for it.
 */
inline at::Tensor matrixProduct(const at::Tensor& a, const at::Tensor& b) {
  bool eligible = blasIsGeneric() && a.dim() >= 2 && b.dim() >= 2 && a.device().is_cpu() && a.scalar_type() == at::kFloat &&
                  b.scalar_type() == at::kFloat;
  int64_t m = eligible ? a.size(-2) : 0, k = eligible ? a.size(-1) : 0, n = eligible ? b.size(-1) : 0;
  if (!eligible || m * k * n < kOneDnnMinWork || k == 0) return at::matmul(a, b);
  std::vector<int64_t> batch = at::infer_size(a.sizes().slice(0, a.dim() - 2), b.sizes().slice(0, b.dim() - 2));
  std::vector<int64_t> aShape(batch), bShape(batch);
  aShape.insert(aShape.end(), {m, k});
  bShape.insert(bShape.end(), {k, n});
  at::Tensor as = a.expand(aShape).reshape({-1, m, k});
  at::Tensor bs = b.expand(bShape).reshape({-1, k, n});
  std::vector<at::Tensor> products;
  products.reserve(as.size(0));
  for (int64_t i = 0; i < as.size(0); i++) products.push_back(oneDnnProduct(as[i], bs[i]));
  std::vector<int64_t> outShape(batch);
  outShape.insert(outShape.end(), {m, n});
  return products.size() == 1 ? products[0].view(outShape) : at::stack(products).view(outShape);
}

}  // namespace protoscope
