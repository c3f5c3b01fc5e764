// The AVX2 + FMA micro-kernel: a 6 × 16 tile of C held in twelve 256-bit registers. Only
// this function is compiled for AVX2 (a function attribute, no build flag); the dispatch
// calls it only on CPUs that support it.
#include "kernels_internal.h"

#if GK_HAS_AVX2_KERNELS
#include <immintrin.h>

#define GK_AVX2 __attribute__((target("avx2,fma")))

/// Stores the 6 × 16 tile held in `rows` into C (all of it, or the valid mr × nr part).
GK_AVX2 static inline void store_tile(__m256 rows[GK_MR][2], float *c, long ldc, int overwrite, int mr,
                                      int nr) {
  if (mr == GK_MR && nr == GK_NR) {
    for (int i = 0; i < GK_MR; i++) {
      float *row = c + i * ldc;
      if (overwrite) {
        _mm256_storeu_ps(row, rows[i][0]);
        _mm256_storeu_ps(row + 8, rows[i][1]);
      } else {
        _mm256_storeu_ps(row, _mm256_add_ps(_mm256_loadu_ps(row), rows[i][0]));
        _mm256_storeu_ps(row + 8, _mm256_add_ps(_mm256_loadu_ps(row + 8), rows[i][1]));
      }
    }
    return;
  }
  // An edge tile: write the valid part only.
  float tile[GK_MR][GK_NR];
  for (int i = 0; i < GK_MR; i++) {
    _mm256_storeu_ps(tile[i], rows[i][0]);
    _mm256_storeu_ps(tile[i] + 8, rows[i][1]);
  }
  for (int i = 0; i < mr; i++) {
    for (int j = 0; j < nr; j++) {
      c[i * ldc + j] = overwrite ? tile[i][j] : c[i * ldc + j] + tile[i][j];
    }
  }
}

/// One step of the 6 × 16 product: a row of the B panel times six values of A.
#define GK_STEP(x0, x1, x2, x3, x4, x5)                                         \
  do {                                                                        \
    __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), x;           \
    x = _mm256_broadcast_ss(x0); c00 = _mm256_fmadd_ps(x, b0, c00); c01 = _mm256_fmadd_ps(x, b1, c01); \
    x = _mm256_broadcast_ss(x1); c10 = _mm256_fmadd_ps(x, b0, c10); c11 = _mm256_fmadd_ps(x, b1, c11); \
    x = _mm256_broadcast_ss(x2); c20 = _mm256_fmadd_ps(x, b0, c20); c21 = _mm256_fmadd_ps(x, b1, c21); \
    x = _mm256_broadcast_ss(x3); c30 = _mm256_fmadd_ps(x, b0, c30); c31 = _mm256_fmadd_ps(x, b1, c31); \
    x = _mm256_broadcast_ss(x4); c40 = _mm256_fmadd_ps(x, b0, c40); c41 = _mm256_fmadd_ps(x, b1, c41); \
    x = _mm256_broadcast_ss(x5); c50 = _mm256_fmadd_ps(x, b0, c50); c51 = _mm256_fmadd_ps(x, b1, c51); \
    b += GK_NR;                                                               \
  } while (0)

#define GK_ZERO_ACCUMULATORS                                                  \
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();                \
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();                \
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();                \
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();                \
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();                \
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps()

#define GK_ACCUMULATOR_ROWS                                                   \
  {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}}

GK_AVX2 void gk_micro_avx2(long kc, const float *a, const float *b, float *c, long ldc,
                           int overwrite, int mr, int nr) {
  GK_ZERO_ACCUMULATORS;
  for (long p = 0; p < kc; p++) {
    GK_STEP(a + 0, a + 1, a + 2, a + 3, a + 4, a + 5);
    a += GK_MR;
  }
  __m256 rows[GK_MR][2] = GK_ACCUMULATOR_ROWS;
  store_tile(rows, c, ldc, overwrite, mr, nr);
}

GK_AVX2 void gk_micro_avx2_direct(long kc, const float *a, long rsa, long csa, const float *b,
                                  float *c, long ldc, int overwrite, int mr, int nr) {
  // Rows past mr repeat the last valid row (their results are not stored).
  const float *r[GK_MR];
  for (int i = 0; i < GK_MR; i++) r[i] = a + (i < mr ? i : mr - 1) * rsa;
  GK_ZERO_ACCUMULATORS;
  for (long p = 0; p < kc; p++) {
    GK_STEP(r[0], r[1], r[2], r[3], r[4], r[5]);
    for (int i = 0; i < GK_MR; i++) r[i] += csa;
  }
  __m256 rows[GK_MR][2] = GK_ACCUMULATOR_ROWS;
  store_tile(rows, c, ldc, overwrite, mr, nr);
}
#endif
