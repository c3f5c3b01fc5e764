// Shared between the kernel files; not part of the public header.
#ifndef GATEKIT_KERNELS_INTERNAL_H
#define GATEKIT_KERNELS_INTERNAL_H

// The register tile of the micro-kernels: MR rows of C by NR columns (6 × 16 = 12 AVX
// accumulators of 8 floats, leaving registers for two rows of B and one broadcast of A).
#define GK_MR 6
#define GK_NR 16

// Cache blocking: a KC × NR panel of B (16 KB) stays in L1 while a MC × KC block of A
// (120 KB) stays in L2; B's KC × NC block lives in L3.
#ifndef GK_KC
#define GK_KC 256
#endif
#ifndef GK_MC
#define GK_MC 120
#endif
#ifndef GK_NC
#define GK_NC 3072
#endif

// The double-precision register tile: 6 rows by 8 columns (12 AVX accumulators of 4).
#define GK_DMR 6
#define GK_DNR 8

/// C[0..<mr, 0..<nr] (+)= Σ_p a[p·MR + i]·b[p·NR + j] over kc packed steps.
typedef void (*gk_micro_kernel)(long kc, const float *a, const float *b, float *c, long ldc,
                                int overwrite, int mr, int nr);

void gk_micro_portable(long kc, const float *a, const float *b, float *c, long ldc,
                       int overwrite, int mr, int nr);

/// The same product with op(A) read in place: element (i, p) at a[i·rsa + p·csa].
typedef void (*gk_micro_kernel_direct)(long kc, const float *a, long rsa, long csa, const float *b,
                                       float *c, long ldc, int overwrite, int mr, int nr);

void gk_micro_portable_direct(long kc, const float *a, long rsa, long csa, const float *b, float *c,
                              long ldc, int overwrite, int mr, int nr);

/// The double-precision micro-kernel: the same contract with the DMR × DNR tile.
typedef void (*gk_dmicro_kernel)(long kc, const double *a, const double *b, double *c, long ldc,
                                 int overwrite, int mr, int nr);

void gk_dmicro_portable(long kc, const double *a, const double *b, double *c, long ldc,
                        int overwrite, int mr, int nr);

/// The double-precision product with op(A) read in place: element (i, p) at a[i·rsa + p·csa].
typedef void (*gk_dmicro_kernel_direct)(long kc, const double *a, long rsa, long csa,
                                        const double *b, double *c, long ldc, int overwrite,
                                        int mr, int nr);

void gk_dmicro_portable_direct(long kc, const double *a, long rsa, long csa, const double *b,
                               double *c, long ldc, int overwrite, int mr, int nr);

#if defined(__x86_64__) || defined(__i386__)
void gk_dmicro_avx2(long kc, const double *a, const double *b, double *c, long ldc,
                    int overwrite, int mr, int nr);
void gk_dmicro_avx2_direct(long kc, const double *a, long rsa, long csa, const double *b,
                           double *c, long ldc, int overwrite, int mr, int nr);
void gk_micro_avx2(long kc, const float *a, const float *b, float *c, long ldc,
                   int overwrite, int mr, int nr);
void gk_pack_a_avx2(int transpose, const float *a, long lda, long i0, long p0, long mc, long kc,
                    float *dest);
void gk_pack_b_avx2(int transpose, const float *b, long ldb, long p0, long j0, long kc, long nc,
                    float *dest);
void gk_saxpy_avx2(long count, float alpha, const float *x, float *y);
/// c[i·ldc] (+)= A[i, :] · b for the m rows of a row-major A and a contiguous b of length k.
void gk_row_dots_avx2(long m, long k, const float *a, long lda, const float *b, float *c,
                      long ldc, int accumulate);
void gk_micro_avx2_direct(long kc, const float *a, long rsa, long csa, const float *b, float *c,
                          long ldc, int overwrite, int mr, int nr);
void gk_sexp_avx2(const float *x, float *y, long count);
void gk_ssigmoid_avx2(const float *x, float *y, long count);
void gk_stanh_avx2(const float *x, float *y, long count);
#define GK_HAS_AVX2_KERNELS 1
#else
#define GK_HAS_AVX2_KERNELS 0
#endif

/// Work for the thread pool: `body(context, part)` for each part.
typedef void (*gk_parallel_body)(void *context, int part);

/// Runs `body` for parts 0..<parts on the calling thread and `parts − 1` pool workers.
/// Returns 0 without running anything when the pool is busy or threads cannot start.
int gk_parallel(gk_parallel_body body, void *context, int parts);

/// The single-threaded product (gk_sgemm splits large ones across threads around it).
void gk_sgemm_serial(int transpose_a, int transpose_b, long m, long n, long k, const float *a,
                     long lda, const float *b, long ldb, float *c, long ldc, int accumulate);

#endif
