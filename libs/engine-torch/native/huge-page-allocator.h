// libtorch's CPU allocator with transparent huge pages for large tensors. The kernel here gives huge
// pages only where asked (transparent_hugepage=madvise): a 16 MB activation in 4 kB pages is 4096 TLB
// entries. Blocks from 2 MB up to the 32 MB the addon sets as glibc's mmap threshold are 2 MB-aligned
// and advised MADV_HUGEPAGE: they stay in the heap and are reused step after step. Larger blocks are
// fresh mappings every time, where huge pages cost more than they save (ResNet-18's step at batch 16
// took a quarter longer with them); those, and smaller ones, are allocated as libtorch does.
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
  static constexpr size_t kLargestInHeap = size_t{32} << 20;

  c10::DataPtr allocate(size_t bytes) const override {
    void* data = nullptr;
    bool huge = bytes >= kHugePage && bytes < kLargestInHeap;
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
