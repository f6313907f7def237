{
  "targets": [
    {
      "target_name": "protoscope_torch",
      "sources": [
        "native/addon.cc",
        "native/kernel-registry.cc",
        "native/elementwise-kernels.cc",
        "native/reduction-kernels.cc",
        "native/matmul-kernels.cc",
        "native/convolution-kernels.cc",
        "native/pooling-kernels.cc",
        "native/convolution-pooling-kernels.cc",
        "native/single-channel-input-gradient.cc",
        "native/shape-kernels.cc",
        "native/resize-kernels.cc",
        "native/normalization-kernels.cc",
        "native/optimizer-kernels.cc",
        "native/prototype-distance-kernels.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!(node scripts/find-libtorch.js include)",
        "<!(node scripts/find-libtorch.js include)/torch/csrc/api/include"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "_GLIBCXX_USE_CXX11_ABI=<!(node scripts/find-libtorch.js abi)", "PROTOSCOPE_ONEDNN=<!(node scripts/find-libtorch.js onednn)"],
      "cflags!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++14"],
      "cflags_cc": ["-std=c++17", "-O2", "<!(node scripts/find-libtorch.js openmp)", "-fexceptions", "-frtti", "-Wno-unused-parameter", "-Wno-unused-variable"],
      "ldflags": ["<!(node scripts/find-libtorch.js openmp)"],
      "libraries": [
        "-L<!(node scripts/find-libtorch.js lib)",
        "-Wl,-rpath,<!(node scripts/find-libtorch.js lib)",
        "-Wl,--no-as-needed",
        "<!@(node scripts/find-libtorch.js libraries)",
        "-Wl,--as-needed"
      ]
    }
  ]
}
