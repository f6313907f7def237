// The N-API surface of the `torch` backend. libtorch tensors live here, addressed by integer ids the
// TypeScript backend maps its tfjs data ids to; a tensor is freed when its id is disposed.
#include <napi.h>
#include <torch/csrc/api/include/torch/version.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <ATen/Parallel.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "kernel-registry.h"
#include "huge-page-allocator.h"
#include "onednn-matmul.h"

namespace {

using protoscope::KernelCall;

struct Entry {
  at::Tensor tensor;
  at::Tensor aux;  // what the kernel that made it cached beside it (max-pool indices)
};

// One store per process, shared by every worker thread that loads the addon: guarded by a mutex
// (held only around the map, never while a kernel computes).
std::unordered_map<int64_t, Entry> live;
int64_t nextId = 1;
std::mutex liveMutex;

Entry lookup(Napi::Env env, int64_t id) {
  std::lock_guard<std::mutex> lock(liveMutex);
  auto found = live.find(id);
  if (found == live.end()) throw Napi::Error::New(env, "torch backend: no live tensor with id " + std::to_string(id));
  return found->second;
}

// Every output is normalised to a dtype tfjs has: int64 → int32, float64 → float32.
at::Tensor asTfjsType(const at::Tensor& t) {
  switch (t.scalar_type()) {
    case at::kFloat:
    case at::kInt:
    case at::kBool: return t;
    case at::kDouble:
    case at::kHalf:
    case at::kBFloat16: return t.to(at::kFloat);
    default: return t.to(at::kInt);
  }
}

int64_t store(at::Tensor tensor, at::Tensor aux = at::Tensor()) {
  std::lock_guard<std::mutex> lock(liveMutex);
  int64_t id = nextId++;
  live.emplace(id, Entry{std::move(tensor), std::move(aux)});
  return id;
}

std::vector<int64_t> shapeOf(Napi::Env env, const Napi::Value& value) {
  if (!value.IsArray()) throw Napi::TypeError::New(env, "torch backend: shape must be an array of integers");
  Napi::Array array = value.As<Napi::Array>();
  std::vector<int64_t> shape(array.Length());
  for (uint32_t i = 0; i < array.Length(); i++) shape[i] = array.Get(i).As<Napi::Number>().Int64Value();
  return shape;
}

// write(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: 0|1|2) → id
Napi::Value Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3 || !info[0].IsTypedArray()) throw Napi::TypeError::New(env, "torch backend: write(values, shape, dtype) expects a typed array");
  Napi::TypedArray values = info[0].As<Napi::TypedArray>();
  std::vector<int64_t> shape = shapeOf(env, info[1]);
  at::ScalarType type = protoscope::scalarTypeOf(info[2].As<Napi::Number>().Int32Value());
  c10::InferenceMode guard;
  at::Tensor tensor = at::empty(shape, at::TensorOptions().dtype(type));
  size_t bytes = tensor.numel() * tensor.element_size();
  if (values.ByteLength() != bytes) {
    throw Napi::RangeError::New(env, "torch backend: " + std::to_string(values.ByteLength()) + " bytes of values for a tensor of " + std::to_string(bytes));
  }
  uint8_t* source = static_cast<uint8_t*>(values.ArrayBuffer().Data()) + values.ByteOffset();
  if (bytes > 0) std::memcpy(tensor.data_ptr(), source, bytes);
  if (protoscope::activeDevice() != at::Device(at::kCPU)) tensor = tensor.to(protoscope::activeDevice());
  return Napi::Number::New(env, static_cast<double>(store(tensor)));
}

// read(id) → a typed array copy of the values in row-major order.
Napi::Value Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  c10::InferenceMode guard;
  at::Tensor tensor = lookup(env, info[0].As<Napi::Number>().Int64Value()).tensor.to(at::kCPU).contiguous();
  size_t count = tensor.numel();
  switch (tensor.scalar_type()) {
    case at::kFloat: {
      auto out = Napi::Float32Array::New(env, count);
      if (count) std::memcpy(out.Data(), tensor.data_ptr(), count * 4);
      return out;
    }
    case at::kInt: {
      auto out = Napi::Int32Array::New(env, count);
      if (count) std::memcpy(out.Data(), tensor.data_ptr(), count * 4);
      return out;
    }
    default: {
      auto out = Napi::Uint8Array::New(env, count);
      if (count) std::memcpy(out.Data(), tensor.data_ptr(), count);
      return out;
    }
  }
}

Napi::Value Dispose(const Napi::CallbackInfo& info) {
  c10::InferenceMode guard;
  Entry removed;  // freed after the lock is released
  {
    std::lock_guard<std::mutex> lock(liveMutex);
    auto found = live.find(info[0].As<Napi::Number>().Int64Value());
    if (found == live.end()) return info.Env().Undefined();
    removed = std::move(found->second);
    live.erase(found);
  }
  return info.Env().Undefined();
}

Napi::Value LiveTensors(const Napi::CallbackInfo& info) {
  std::lock_guard<std::mutex> lock(liveMutex);
  return Napi::Number::New(info.Env(), static_cast<double>(live.size()));
}

// run(kernel, inputIds, attrs) → per output [id, dtype, rank, ...shape], concatenated.
Napi::Value Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  protoscope::KernelFn kernel = protoscope::findKernel(name);
  if (kernel == nullptr) throw Napi::Error::New(env, "torch backend: no native kernel " + name);
  Napi::Array ids = info[1].As<Napi::Array>();
  Napi::Array attrs = info[2].As<Napi::Array>();
  KernelCall call;
  for (uint32_t i = 0; i < ids.Length(); i++) {
    Entry entry = lookup(env, ids.Get(i).As<Napi::Number>().Int64Value());
    call.inputs.push_back(entry.tensor);
    call.inputAux.push_back(entry.aux);
  }
  call.attrs.resize(attrs.Length());
  for (uint32_t i = 0; i < attrs.Length(); i++) call.attrs[i] = attrs.Get(i).As<Napi::Number>().DoubleValue();
  std::vector<int64_t> inputIds(ids.Length());
  for (uint32_t i = 0; i < ids.Length(); i++) inputIds[i] = ids.Get(i).As<Napi::Number>().Int64Value();
  std::vector<at::Tensor> outputs;
  try {
    c10::InferenceMode guard;
    outputs = kernel(call);
    for (auto& output : outputs) output = asTfjsType(output);
  } catch (const c10::Error& error) {
    throw Napi::Error::New(env, "torch backend: " + name + ": " + error.what_without_backtrace());
  } catch (const std::exception& error) {
    throw Napi::Error::New(env, "torch backend: " + name + ": " + error.what());
  }
  if (!call.inputAuxUpdates.empty()) {
    std::lock_guard<std::mutex> lock(liveMutex);
    for (auto& update : call.inputAuxUpdates) {
      auto found = live.find(inputIds.at(update.first));
      if (found != live.end()) found->second.aux = std::move(update.second);
    }
  }
  Napi::Array result = Napi::Array::New(env);
  uint32_t at = 0;
  for (size_t i = 0; i < outputs.size(); i++) {
    const at::Tensor& output = outputs[i];
    at::Tensor aux = i < call.outputAux.size() ? call.outputAux[i] : at::Tensor();
    result.Set(at++, Napi::Number::New(env, static_cast<double>(store(output, aux))));
    result.Set(at++, Napi::Number::New(env, protoscope::dtypeCodeOf(output.scalar_type())));
    result.Set(at++, Napi::Number::New(env, static_cast<double>(output.dim())));
    for (int64_t size : output.sizes()) result.Set(at++, Napi::Number::New(env, static_cast<double>(size)));
  }
  return result;
}

Napi::Value Kernels(const Napi::CallbackInfo& info) {
  std::vector<std::string> names = protoscope::kernelNames();
  Napi::Array result = Napi::Array::New(info.Env(), names.size());
  for (uint32_t i = 0; i < names.size(); i++) result.Set(i, names[i]);
  return result;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  at::set_num_threads(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

Napi::Value Threads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), at::get_num_threads()); }

Napi::Value CudaDevices(const Napi::CallbackInfo& info) {
  int count = at::hasCUDA() ? static_cast<int>(at::getNumGPUs()) : 0;
  return Napi::Number::New(info.Env(), count);
}

// useDevice('cuda' | 'cpu'): where new tensors go. Only before any tensor exists.
Napi::Value UseDevice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string kind = info[0].As<Napi::String>().Utf8Value();
  if (LiveTensors(info).As<Napi::Number>().Int64Value() != 0) {
    throw Napi::Error::New(env, "torch backend: the device can only change while no tensor is live");
  }
  if (kind == "cuda" && !at::hasCUDA()) throw Napi::Error::New(env, "torch backend: this libtorch was built without CUDA");
  if (kind != "cuda" && kind != "cpu") throw Napi::TypeError::New(env, "torch backend: device must be 'cpu' or 'cuda', not '" + kind + "'");
  protoscope::setActiveDevice(kind == "cuda" ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU));
  return env.Undefined();
}

// glibc serves blocks above 128 kB (its threshold adapts up to 32 MB) with fresh mmaps and gives a
// freed heap top back past a trim threshold, so the activations a training step allocates are
// page-faulted and zero-filled by the kernel again on every step. Keeping freed memory in the heap
// lets the next step reuse it; tensors of 2 to 32 MB get transparent huge pages
// (huge-page-allocator.h). PROTOSCOPE_TORCH_MALLOC=default keeps glibc's and libtorch's own settings.
bool tuneAllocator() {
#ifdef __GLIBC__
  const char* setting = std::getenv("PROTOSCOPE_TORCH_MALLOC");
  if (setting != nullptr && std::strcmp(setting, "default") == 0) return false;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's upper limit for it on 64-bit
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  protoscope::useHugePageAllocator();
  return true;
#else
  return false;
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  bool allocatorTuned = tuneAllocator();
  exports.Set("write", Napi::Function::New(env, Write));
  exports.Set("read", Napi::Function::New(env, Read));
  exports.Set("dispose", Napi::Function::New(env, Dispose));
  exports.Set("liveTensors", Napi::Function::New(env, LiveTensors));
  exports.Set("run", Napi::Function::New(env, Run));
  exports.Set("kernels", Napi::Function::New(env, Kernels));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("threads", Napi::Function::New(env, Threads));
  exports.Set("cudaDevices", Napi::Function::New(env, CudaDevices));
  exports.Set("useDevice", Napi::Function::New(env, UseDevice));
  exports.Set("torchVersion", Napi::String::New(env, TORCH_VERSION));
  exports.Set("hardwareThreads", Napi::Number::New(env, std::thread::hardware_concurrency()));
  exports.Set("allocatorTuned", Napi::Boolean::New(env, allocatorTuned));
  exports.Set("matmulOnOneDnn", Napi::Boolean::New(env, protoscope::blasIsGeneric()));
  return exports;
}

}  // namespace

NODE_API_MODULE(protoscope_torch, Init)
