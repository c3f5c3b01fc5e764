// GateKit's innermost float32 kernels (and the float64 matrix product), in C so that they
// can be compiled for AVX2 and FMA per function (with runtime CPU detection) without build
// flags: a package that uses GateKit gets the fast code without `unsafeFlags`. Everything
// around them is Swift.
#ifndef GATEKIT_KERNELS_H
#define GATEKIT_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel sets: the portable C code (any CPU) or the AVX2 + FMA code (x86-64 only).
enum {
  GK_KERNELS_AUTOMATIC = 0,
  GK_KERNELS_PORTABLE = 1,
  GK_KERNELS_AVX2 = 2,
};

/// The kernel set in use: the fastest the CPU supports unless another was requested.
int gk_kernel_level(void);

/// Requests a kernel set (`GK_KERNELS_AUTOMATIC` restores detection). A set the CPU does
/// not support falls back to the portable one. Returns the set now in use.
int gk_set_kernel_level(int level);

/// Requests a kernel set for the calling thread only, overriding the process-wide request
/// (`-1` removes the override). A matrix product split across the pool runs every part
/// with the calling thread's set. Returns the previous override (or `-1`).
int gk_set_thread_kernel_level(int level);

/// Whether this CPU and operating system support the AVX2 + FMA kernels.
int gk_cpu_supports_avx2(void);

/// The number of threads a large matrix product may use (at least 1). Defaults to the
/// number of online processors.
int gk_thread_count(void);

/// Sets the number of threads a large matrix product may use (values below 1 mean 1).
void gk_set_thread_count(int count);

/// The smallest matrix product, in floating-point operations (2·m·n·k), that is split
/// across threads. Below it the thread start-up costs more than it saves.
long gk_parallel_threshold(void);

/// Sets the smallest matrix product that is split across threads.
void gk_set_parallel_threshold(long flops);

/// Single-precision matrix product of row-major matrices with leading dimensions:
/// `C = op(A)·op(B)`, or `C += op(A)·op(B)` when `accumulate` is nonzero. `op(A)` is
/// `m × k` (A is stored `k × m` when `transpose_a`), `op(B)` is `k × n` (B is stored
/// `n × k` when `transpose_b`). Each element of C is summed over k in the same order
/// whatever the blocking of m and n, so computing C in column blocks gives the same bits.
void gk_sgemm(int transpose_a, int transpose_b, long m, long n, long k,
              const float *a, long lda, const float *b, long ldb,
              float *c, long ldc, int accumulate);

/// Double-precision matrix product with the same contract as `gk_sgemm`, on the calling
/// thread only (AVX2 + FMA where available). Each element of C is summed over k in the
/// same order whatever m and n are.
void gk_dgemm(int transpose_a, int transpose_b, long m, long n, long k,
              const double *a, long lda, const double *b, long ldb,
              double *c, long ldc, int accumulate);

/// `y[i] += alpha · x[i]` (BLAS `saxpy`).
void gk_saxpy(long count, float alpha, const float *x, float *y);

/// `y[i] = e^x[i]`. Relative error below 2e-7 (see Docs/Performance.md).
void gk_sexp(const float *x, float *y, long count);

/// `y[i] = 1/(1 + e^-x[i])`. Absolute error below 1e-7, relative below 4e-7.
void gk_ssigmoid(const float *x, float *y, long count);

/// `y[i] = tanh x[i]`. Relative error below 4e-7.
void gk_stanh(const float *x, float *y, long count);

/// `y[i] = x[i] > 0 ? x[i] : slope·x[i]` (ReLU for slope 0, where y is exactly 0, leaky
/// ReLU otherwise); NaN stays NaN. Exact.
void gk_srelu(const float *x, float *y, long count, float slope);

/// `dx[i] = x[i] > 0 ? dy[i] : slope·dy[i]` (exactly 0 for slope 0). Exact.
void gk_srelu_backward(const float *x, const float *dy, float *dx, long count, float slope);

#ifdef __cplusplus
}
#endif

#endif
