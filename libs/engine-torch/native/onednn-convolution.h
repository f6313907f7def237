// Convolution + bias + activation as one oneDNN primitive, the activation as a post-op. libtorch 1.13
// runs a convolution on oneDNN and then the activation as a second pass over the whole output (on the
// reference workload's first layer, a 16 MB output, 0.7 ms of 2.2); fused, each block of the output is
// activated while it is still in cache. Built only where the addon links the same oneDNN that libtorch
// itself uses (Debian's libdnnl, with libdnnl-dev's headers): PROTOSCOPE_ONEDNN=1, decided by
// scripts/find-libtorch.js. Elsewhere (a pip PyTorch embeds its oneDNN privately) the libtorch path runs.
#pragma once

#include <ATen/ATen.h>

#include <vector>

#include "image-layout.h"

#ifndef PROTOSCOPE_ONEDNN
#define PROTOSCOPE_ONEDNN 0
#endif

#if PROTOSCOPE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>

#include <map>
#include <unordered_map>
#include <memory>
#include <mutex>
#endif

namespace protoscope {

#if PROTOSCOPE_ONEDNN

/** The activations oneDNN applies as post-ops, by the binding's codes (activation.h); others return false. */
inline bool appendActivation(dnnl::post_ops& ops, int code) {
  switch (code) {
    case 0: return true;  // linear
    case 1: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f); return true;
    case 2: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, 0.f, 6.f); return true;  // relu6
    case 5: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_logistic, 0.f, 0.f); return true;  // sigmoid
    default: return false;
  }
}

/** One convolution's primitive, made once per shape: oneDNN picks the weights' layout, reordered per call. */
struct OneDnnConvolution {
  dnnl::convolution_forward::primitive_desc descriptor;
  dnnl::convolution_forward primitive;
  dnnl::memory::desc userWeights;
  dnnl::reorder weightsReorder;  // empty when oneDNN takes tfjs's [KH, KW, in, out] as it is
};

inline dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

/**
 * act(conv(x, filter) + bias) for float32 NHWC x [N, H, W, C] and a tfjs filter [KH, KW, C, O], or an
 * undefined tensor when oneDNN cannot fuse the activation or is not built in (the caller then runs the
 * libtorch path).
 */
inline at::Tensor oneDnnConvolution(const at::Tensor& nhwc, const at::Tensor& hwio, const at::Tensor& bias, const WindowGeometry& g, int activation) {
  using tag = dnnl::memory::format_tag;
  using dims = dnnl::memory::dims;
  const auto f32 = dnnl::memory::data_type::f32;
  dnnl::post_ops ops;
  if (!appendActivation(ops, activation)) return {};
  at::Tensor x = nhwc.contiguous();
  at::Tensor filter = hwio.contiguous();
  const int64_t n = x.size(0), h = x.size(1), w = x.size(2), c = x.size(3);
  const int64_t kh = filter.size(0), kw = filter.size(1), o = filter.size(3);
  const int64_t outH = g.outputSize(h, kh, 0), outW = g.outputSize(w, kw, 1);
  const bool hasBias = bias.defined();

  // The primitive for this shape, geometry and activation, made on first use.
  std::vector<int64_t> key = {n, h, w, c, kh, kw, o, g.stride[0], g.stride[1], g.dilation[0], g.dilation[1], g.top, g.bottom, g.left, g.right, hasBias, activation};
  static std::mutex lock;
  static std::map<std::vector<int64_t>, std::shared_ptr<OneDnnConvolution>> made;
  std::shared_ptr<OneDnnConvolution> conv;
  {
    std::lock_guard<std::mutex> guard(lock);
    auto found = made.find(key);
    if (found != made.end()) {
      conv = found->second;
    } else {
      dnnl::memory::desc src({n, c, h, w}, f32, tag::nhwc), dst({n, o, outH, outW}, f32, tag::nhwc);
      dnnl::memory::desc weights({o, c, kh, kw}, f32, tag::any), biasDesc({o}, f32, tag::x);
      dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, src, weights,
                                           hasBias ? biasDesc : dnnl::memory::desc(), dst, dims{g.stride[0], g.stride[1]},
                                           dims{g.dilation[0] - 1, g.dilation[1] - 1}, dims{g.top, g.left}, dims{g.bottom, g.right});
      dnnl::primitive_attr attr;
      attr.set_post_ops(ops);
      conv = std::make_shared<OneDnnConvolution>();
      conv->descriptor = dnnl::convolution_forward::primitive_desc(desc, attr, cpuEngine());
      conv->primitive = dnnl::convolution_forward(conv->descriptor);
      conv->userWeights = dnnl::memory::desc({o, c, kh, kw}, f32, tag::hwio);
      if (conv->descriptor.weights_desc() != conv->userWeights)
        conv->weightsReorder = dnnl::reorder(dnnl::reorder::primitive_desc(cpuEngine(), conv->userWeights, cpuEngine(), conv->descriptor.weights_desc()));
      made.emplace(key, conv);
    }
  }

  dnnl::engine& engine = cpuEngine();
  dnnl::stream stream(engine);
  at::Tensor y = at::empty({n, outH, outW, o}, x.options());
  dnnl::memory src(conv->descriptor.src_desc(), engine, x.data_ptr<float>());
  dnnl::memory dst(conv->descriptor.dst_desc(), engine, y.data_ptr<float>());
  dnnl::memory userWeights(conv->userWeights, engine, filter.data_ptr<float>());
  dnnl::memory weights = userWeights;
  at::Tensor reordered;
  if (conv->weightsReorder) {
    reordered = at::empty({static_cast<int64_t>(conv->descriptor.weights_desc().get_size() / sizeof(float))}, x.options());
    weights = dnnl::memory(conv->descriptor.weights_desc(), engine, reordered.data_ptr<float>());
    conv->weightsReorder.execute(stream, userWeights, weights);
  }
  std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, dst}};
  at::Tensor b;
  if (hasBias) {
    b = bias.contiguous();
    args.emplace(DNNL_ARG_BIAS, dnnl::memory(conv->descriptor.bias_desc(), engine, b.data_ptr<float>()));
  }
  conv->primitive.execute(stream, args);
  stream.wait();
  return y;
}

#else

inline at::Tensor oneDnnConvolution(const at::Tensor&, const at::Tensor&, const at::Tensor&, const WindowGeometry&, int) { return {}; }

#endif

/** Whether a convolution can run as one oneDNN primitive here (a CPU float32 one, in a oneDNN build). */
inline bool oneDnnConvolutionEligible(const at::Tensor& x, const at::Tensor& filter, const at::Tensor& bias) {
  return PROTOSCOPE_ONEDNN && x.is_cpu() && x.scalar_type() == at::kFloat && filter.scalar_type() == at::kFloat &&
         (!bias.defined() || bias.scalar_type() == at::kFloat);
}

}  // namespace protoscope
