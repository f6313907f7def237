#include "kernel-registry.h"

#include <map>
#include <stdexcept>

namespace protoscope {

namespace {
// A function-local map: registrations run from static initialisers of every translation unit.
std::map<std::string, KernelFn>& registry() {
  static std::map<std::string, KernelFn> kernels;
  return kernels;
}
at::Device& device() {
  static at::Device current(at::kCPU);
  return current;
}
}  // namespace

at::ScalarType scalarTypeOf(int code) {
  switch (code) {
    case kFloat32: return at::kFloat;
    case kInt32: return at::kInt;
    case kBool: return at::kBool;
    default: throw std::invalid_argument("unknown dtype code " + std::to_string(code));
  }
}

int dtypeCodeOf(at::ScalarType type) {
  switch (type) {
    case at::kFloat: return kFloat32;
    case at::kInt: return kInt32;
    case at::kBool: return kBool;
    default: throw std::invalid_argument(std::string("no tfjs dtype for ") + c10::toString(type));
  }
}

const at::Tensor& KernelCall::in(size_t i) const {
  if (i >= inputs.size()) throw std::invalid_argument("kernel input " + std::to_string(i) + " missing");
  return inputs[i];
}

double KernelCall::attr(size_t i) const {
  if (i >= attrs.size()) throw std::invalid_argument("kernel attribute " + std::to_string(i) + " missing");
  return attrs[i];
}

std::vector<int64_t> KernelCall::integers(size_t from, size_t count) const {
  std::vector<int64_t> values(count);
  for (size_t i = 0; i < count; i++) values[i] = integer(from + i);
  return values;
}

at::TensorOptions KernelCall::options(at::ScalarType type) const {
  return at::TensorOptions().dtype(type).device(activeDevice());
}

bool registerKernel(const char* name, KernelFn fn) {
  registry()[name] = fn;
  return true;
}

KernelFn findKernel(const std::string& name) {
  auto found = registry().find(name);
  return found == registry().end() ? nullptr : found->second;
}

std::vector<std::string> kernelNames() {
  std::vector<std::string> names;
  for (const auto& entry : registry()) names.push_back(entry.first);
  return names;
}

at::Device activeDevice() { return device(); }
void setActiveDevice(at::Device next) { device() = next; }

}  // namespace protoscope
