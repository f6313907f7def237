// The native side of the `torch` backend: tfjs kernels as functions of libtorch tensors, registered by
// name with one line each (PROTOSCOPE_KERNEL), looked up by the N-API binding.
#pragma once

#include <ATen/ATen.h>

#include <string>
#include <utility>
#include <vector>

namespace protoscope {

// tfjs dtypes as the binding encodes them.
enum DtypeCode : int { kFloat32 = 0, kInt32 = 1, kBool = 2 };
at::ScalarType scalarTypeOf(int code);
int dtypeCodeOf(at::ScalarType type);

/** One call of a tfjs kernel: inputs, what earlier kernels cached beside them, numeric attributes. */
struct KernelCall {
  std::vector<at::Tensor> inputs;
  // Per input: a tensor an earlier kernel cached beside it (max-pool indices beside a pool's output).
  std::vector<at::Tensor> inputAux;
  std::vector<double> attrs;
  // Per output: what this kernel caches beside it.
  std::vector<at::Tensor> outputAux;
  // What this kernel caches beside one of its inputs (replacing what was there), by input index.
  std::vector<std::pair<size_t, at::Tensor>> inputAuxUpdates;

  const at::Tensor& in(size_t i) const;
  double attr(size_t i) const;
  int64_t integer(size_t i) const { return static_cast<int64_t>(attr(i)); }
  bool flag(size_t i) const { return attr(i) != 0; }
  std::vector<int64_t> integers(size_t from, size_t count) const;
  /** The integers from `from` to the end. */
  std::vector<int64_t> rest(size_t from) const { return integers(from, attrs.size() - from); }
  at::TensorOptions options(at::ScalarType type) const;
};

using KernelFn = std::vector<at::Tensor> (*)(KernelCall&);

bool registerKernel(const char* name, KernelFn fn);
KernelFn findKernel(const std::string& name);
std::vector<std::string> kernelNames();

/** Where new tensors are placed: the CPU, or the CUDA device when the backend runs as torch-cuda. */
at::Device activeDevice();
void setActiveDevice(at::Device device);

}  // namespace protoscope

#define PROTOSCOPE_KERNEL(NAME)                                                                      \
  static std::vector<at::Tensor> kernel_##NAME(::protoscope::KernelCall& call);                      \
  static const bool registered_##NAME = ::protoscope::registerKernel(#NAME, kernel_##NAME);          \
  static std::vector<at::Tensor> kernel_##NAME(::protoscope::KernelCall& call)
