// Matrix products on oneDNN where libtorch's BLAS is slow. A libtorch built without MKL (Debian's,
// BLAS_INFO=generic) runs at::matmul on whatever libblas.so.3 the system provides, which is often the
// unoptimised reference BLAS: a [2048, 64]·[64, 20] product took 0.9 ms there against 0.18 ms as a
// oneDNN 1×1 convolution (the left operand as an image, the right one as the filters), which
// is how PyTorch's own ProtoPNet computes its prototype distances. Small products and matrix-vector
// products stay on at::matmul: a oneDNN call costs ≈ 0.1 ms however small the product.
#pragma once

#include <ATen/ATen.h>
#include <ATen/Context.h>

#include <algorithm>
#include <vector>

namespace protoscope {

/** Multiply-adds per product from which oneDNN beats the reference BLAS (measured break-even ≈ 90 k). */
constexpr int64_t kOneDnnMinWork = 1 << 17;
/** Matrix-vector products (fewer rows or columns than this) stay on the BLAS's GEMV, which is fast enough. */
constexpr int64_t kOneDnnMinSide = 8;

/** Whether this libtorch's GEMM is the system BLAS while oneDNN is there (decided once per process). */
inline bool blasIsGeneric() {
  static const bool generic = !at::hasMKL() && at::hasMKLDNN();
  return generic;
}

/**
 * rows [R, K] · colsᵀ, with cols [C, K]: a oneDNN 1×1 convolution over a 1×R image of K channels
 * (rows is that image's channels-last memory) with C filters of K taps; the output is [R, C] row-major.
 */
inline at::Tensor oneDnnRowsTimesColumns(const at::Tensor& rows, const at::Tensor& cols) {
  int64_t r = rows.size(0), k = rows.size(1), c = cols.size(0);
  at::Tensor image = rows.contiguous().view({1, r, 1, k}).permute({0, 3, 1, 2});
  at::Tensor filter = cols.contiguous().view({c, k, 1, 1});
  return at::mkldnn_convolution(image, filter, c10::nullopt, {0, 0}, {1, 1}, {1, 1}, 1).permute({0, 2, 3, 1}).reshape({r, c});
}

/**
 * a [M, K] · b [K, N] on oneDNN. With many more columns than rows it computes (bᵀ·aᵀ)ᵀ instead: the
 * convolution is fastest with the long side as the image (measured: [32, 32]·[32, 4096] 0.19 ms that
 * way, 0.53 ms the other, 1.25 ms on the reference BLAS).
 */
inline at::Tensor oneDnnProduct(const at::Tensor& a, const at::Tensor& b) {
  if (b.size(1) >= 4 * a.size(0)) return oneDnnRowsTimesColumns(b.t(), a).t().contiguous();
  return oneDnnRowsTimesColumns(a, b.t());
}

/**
 * a [..., M, K] · b [..., K, N] with broadcast batch dimensions, as at::matmul, with each product on
 * oneDNN when the BLAS is generic and the product is large enough to pay for it.
 */
inline at::Tensor matrixProduct(const at::Tensor& a, const at::Tensor& b) {
  bool eligible = blasIsGeneric() && a.dim() >= 2 && b.dim() >= 2 && a.device().is_cpu() && a.scalar_type() == at::kFloat &&
                  b.scalar_type() == at::kFloat;
  int64_t m = eligible ? a.size(-2) : 0, k = eligible ? a.size(-1) : 0, n = eligible ? b.size(-1) : 0;
  if (!eligible || m * k * n < kOneDnnMinWork || std::min(m, n) < kOneDnnMinSide) return at::matmul(a, b);
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
