// libtorch's CPU allocator with transparent huge pages for large tensors. The kernel here gives huge
// pages only where asked (transparent_hugepage=madvise): a 16 MB activation in 4 kB pages is 4096 TLB
// entries, and a forward pass that holds its activations until tfjs's tidy ends (unlike PyTorch, which
// frees each as soon as it is read) walks several such buffers per layer. Blocks of 2 MB and more are
// 2 MB-aligned and advised MADV_HUGEPAGE; smaller ones are allocated as libtorch does (64-byte aligned).
#pragma once

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>

#include <cstdlib>
#include <new>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace protoscope {

class HugePageAllocator final : public c10::Allocator {
 public:
  static constexpr size_t kHugePage = size_t{2} << 20;

  c10::DataPtr allocate(size_t bytes) const override {
    void* data = nullptr;
    bool huge = bytes >= kHugePage;
    if (posix_memalign(&data, huge ? kHugePage : 64, bytes == 0 ? 1 : bytes) != 0) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    if (huge) madvise(data, (bytes + kHugePage - 1) / kHugePage * kHugePage, MADV_HUGEPAGE);
#endif
    return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
  }

  c10::DeleterFnPtr raw_deleter() const override { return &release; }

 private:
  static void release(void* data) { std::free(data); }
};

/** Installs the allocator for every CPU tensor libtorch makes from now on (once per process). */
inline void useHugePageAllocator() {
  static HugePageAllocator allocator;
  c10::SetCPUAllocator(&allocator, /* priority above libtorch's default */ 1);
}

}  // namespace protoscope
