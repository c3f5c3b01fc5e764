// Which kernel set runs: detected once from CPUID (AVX2 and FMA, and that the operating
// system saves the AVX registers), or forced by a caller (tests force the portable set).
#include "GateKitKernels.h"

#include <stdatomic.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static int detect_avx2(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  const unsigned int fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28;
  if ((ecx & (fma | osxsave | avx)) != (fma | osxsave | avx)) return 0;
  // XCR0 bits 1 and 2: the OS saves the SSE and AVX register state.
  unsigned int xcr0_low, xcr0_high;
  __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  if ((xcr0_low & 0x6u) != 0x6u) return 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  return (ebx & (1u << 5)) != 0;  // AVX2
}
#else
static int detect_avx2(void) { return 0; }
#endif

static atomic_int supported = -1;  // -1: not yet detected
static atomic_int requested = GK_KERNELS_AUTOMATIC;
static _Thread_local int thread_requested = -1;  // -1: follow `requested`

int gk_cpu_supports_avx2(void) {
  int value = atomic_load_explicit(&supported, memory_order_relaxed);
  if (value < 0) {
    value = detect_avx2();
    atomic_store_explicit(&supported, value, memory_order_relaxed);
  }
  return value;
}

int gk_kernel_level(void) {
  int level = thread_requested >= 0 ? thread_requested
                                    : atomic_load_explicit(&requested, memory_order_relaxed);
  if (level == GK_KERNELS_PORTABLE) return GK_KERNELS_PORTABLE;
  return gk_cpu_supports_avx2() ? GK_KERNELS_AVX2 : GK_KERNELS_PORTABLE;
}

int gk_set_kernel_level(int level) {
  atomic_store_explicit(&requested, level, memory_order_relaxed);
  return gk_kernel_level();
}

int gk_set_thread_kernel_level(int level) {
  int previous = thread_requested;
  thread_requested = level < 0 ? -1 : level;
  return previous;
}

// MARK: Threads

static atomic_int threads = 0;  // 0: not yet set, use the processor count
static atomic_long threshold = 4000000;

int gk_thread_count(void) {
  int count = atomic_load_explicit(&threads, memory_order_relaxed);
  if (count > 0) return count;
  // sysconf reads a file on Linux: ask once and keep the answer.
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  count = online > 0 ? (int)online : 1;
  int unset = 0;
  atomic_compare_exchange_strong(&threads, &unset, count);
  return atomic_load_explicit(&threads, memory_order_relaxed);
}

void gk_set_thread_count(int count) {
  atomic_store_explicit(&threads, count < 1 ? 1 : count, memory_order_relaxed);
}

long gk_parallel_threshold(void) { return atomic_load_explicit(&threshold, memory_order_relaxed); }

void gk_set_parallel_threshold(long flops) {
  atomic_store_explicit(&threshold, flops < 0 ? 0 : flops, memory_order_relaxed);
}
