// The AVX2 + FMA double-precision micro-kernel: a 6 × 8 tile of C in twelve 256-bit
// registers (four doubles each). Compiled for AVX2 by a function attribute; the dispatch
// calls it only on CPUs that support it.
#include "kernels_internal.h"

#if GK_HAS_AVX2_KERNELS
#include <immintrin.h>

#define GK_AVX2 __attribute__((target("avx2,fma")))

/// Stores the 6 × 8 tile held in `acc` into C (all of it, or the valid mr × nr part).
GK_AVX2 static inline void store_tile(__m256d acc[GK_DMR][2], double *c, long ldc, int overwrite,
                                      int mr, int nr) {
  if (mr == GK_DMR && nr == GK_DNR) {
    for (int i = 0; i < GK_DMR; i++) {
      double *row = c + i * ldc;
      if (overwrite) {
        _mm256_storeu_pd(row, acc[i][0]);
        _mm256_storeu_pd(row + 4, acc[i][1]);
      } else {
        _mm256_storeu_pd(row, _mm256_add_pd(_mm256_loadu_pd(row), acc[i][0]));
        _mm256_storeu_pd(row + 4, _mm256_add_pd(_mm256_loadu_pd(row + 4), acc[i][1]));
      }
    }
    return;
  }
  // An edge tile: write the valid part only.
  double tile[GK_DMR][GK_DNR];
  for (int i = 0; i < GK_DMR; i++) {
    _mm256_storeu_pd(tile[i], acc[i][0]);
    _mm256_storeu_pd(tile[i] + 4, acc[i][1]);
  }
  for (int i = 0; i < mr; i++) {
    for (int j = 0; j < nr; j++) {
      c[i * ldc + j] = overwrite ? tile[i][j] : c[i * ldc + j] + tile[i][j];
    }
  }
}

GK_AVX2 void gk_dmicro_avx2(long kc, const double *a, const double *b, double *c, long ldc,
                            int overwrite, int mr, int nr) {
  __m256d acc[GK_DMR][2];
  for (int i = 0; i < GK_DMR; i++) acc[i][0] = acc[i][1] = _mm256_setzero_pd();
  for (long p = 0; p < kc; p++) {
    __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4);
    for (int i = 0; i < GK_DMR; i++) {
      __m256d x = _mm256_broadcast_sd(a + i);
      acc[i][0] = _mm256_fmadd_pd(x, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_pd(x, b1, acc[i][1]);
    }
    a += GK_DMR;
    b += GK_DNR;
  }
  store_tile(acc, c, ldc, overwrite, mr, nr);
}

/// The same product with op(A) read in place (no packing): rows past `mr` are not read.
GK_AVX2 void gk_dmicro_avx2_direct(long kc, const double *a, long rsa, long csa, const double *b,
                                   double *c, long ldc, int overwrite, int mr, int nr) {
  __m256d acc[GK_DMR][2];
  for (int i = 0; i < GK_DMR; i++) acc[i][0] = acc[i][1] = _mm256_setzero_pd();
  if (mr == GK_DMR) {  // a constant row count keeps the accumulators in registers
    for (long p = 0; p < kc; p++) {
      __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4);
      for (int i = 0; i < GK_DMR; i++) {
        __m256d x = _mm256_broadcast_sd(a + i * rsa + p * csa);
        acc[i][0] = _mm256_fmadd_pd(x, b0, acc[i][0]);
        acc[i][1] = _mm256_fmadd_pd(x, b1, acc[i][1]);
      }
      b += GK_DNR;
    }
  } else {
    for (long p = 0; p < kc; p++) {
      __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4);
      for (int i = 0; i < mr; i++) {
        __m256d x = _mm256_broadcast_sd(a + i * rsa + p * csa);
        acc[i][0] = _mm256_fmadd_pd(x, b0, acc[i][0]);
        acc[i][1] = _mm256_fmadd_pd(x, b1, acc[i][1]);
      }
      b += GK_DNR;
    }
  }
  store_tile(acc, c, ldc, overwrite, mr, nr);
}
#endif
