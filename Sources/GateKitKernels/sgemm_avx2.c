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

/// Packs op(A)[i0..<i0+mc, p0..<p0+kc] into MR-row slivers like `pack_a` in sgemm.c, eight
/// values of k at a time: a row-major A is read as 6 rows × 8 columns and transposed in
/// registers; a transposed A already has each step's 6 values side by side. Writes up to
/// 2 floats past the end of `dest` (the buffer has that slack).
GK_AVX2 void gk_pack_a_avx2(int transpose, const float *a, long lda, long i0, long p0, long mc,
                            long kc, float *dest) {
  for (long s = 0; s < mc; s += GK_MR) {
    long rows = mc - s < GK_MR ? mc - s : GK_MR;
    long p = 0;
    if (rows == GK_MR && !transpose) {
      const float *r0 = a + (i0 + s) * lda + p0;
      for (; p + 8 <= kc; p += 8) {
        __m256 v0 = _mm256_loadu_ps(r0 + p), v1 = _mm256_loadu_ps(r0 + lda + p);
        __m256 v2 = _mm256_loadu_ps(r0 + 2 * lda + p), v3 = _mm256_loadu_ps(r0 + 3 * lda + p);
        __m256 v4 = _mm256_loadu_ps(r0 + 4 * lda + p), v5 = _mm256_loadu_ps(r0 + 5 * lda + p);
        __m256 v6 = _mm256_setzero_ps(), v7 = _mm256_setzero_ps();
        // 8 × 8 transpose: afterwards vector j holds column p + j of the six rows.
        __m256 t0 = _mm256_unpacklo_ps(v0, v1), t1 = _mm256_unpackhi_ps(v0, v1);
        __m256 t2 = _mm256_unpacklo_ps(v2, v3), t3 = _mm256_unpackhi_ps(v2, v3);
        __m256 t4 = _mm256_unpacklo_ps(v4, v5), t5 = _mm256_unpackhi_ps(v4, v5);
        __m256 t6 = _mm256_unpacklo_ps(v6, v7), t7 = _mm256_unpackhi_ps(v6, v7);
        __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
        __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
        __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
        __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
        __m256 c[8];
        c[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
        c[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
        c[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
        c[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
        c[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
        c[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
        c[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
        c[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
        // Each store writes 6 values and 2 that the next store (or the slack) overwrites.
        for (int j = 0; j < 8; j++) _mm256_storeu_ps(dest + j * GK_MR, c[j]);
        dest += 8 * GK_MR;
      }
    } else if (rows == GK_MR) {
      // Load exactly the six values (a full 8-lane load could read past the matrix).
      const __m256i six = _mm256_setr_epi32(-1, -1, -1, -1, -1, -1, 0, 0);
      const float *column = a + p0 * lda + i0 + s;
      for (; p < kc; p++) {
        _mm256_storeu_ps(dest, _mm256_maskload_ps(column + p * lda, six));
        dest += GK_MR;
      }
    }
    for (; p < kc; p++) {  // the rest of a full sliver, or a partial sliver
      long q = p0 + p;
      for (long r = 0; r < rows; r++) {
        long i = i0 + s + r;
        dest[r] = transpose ? a[q * lda + i] : a[i * lda + q];
      }
      for (long r = rows; r < GK_MR; r++) dest[r] = 0;
      dest += GK_MR;
    }
  }
}

/// Packs op(B)[p0..<p0+kc, j0..<j0+nc] into NR-column panels like `pack_b` in sgemm.c; the
/// full panels of a row-major B with two 8-lane copies per step.
GK_AVX2 void gk_pack_b_avx2(int transpose, const float *b, long ldb, long p0, long j0, long kc,
                            long nc, float *dest) {
  if (!transpose) {
    // Row by row: each source row is read once, front to back, and its 16-column pieces
    // go to their panels. (Panel by panel read 64 bytes from each of kc rows, a page
    // apart for wide matrices: 23 % of a `wide` forward product went to packing.) A
    // partial last panel (an output layer's 10 columns) goes through masked loads, which
    // also write its zero padding.
    static const int lanes[24] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                  -1, -1, -1, -1, 0,  0,  0,  0,  0,  0,  0,  0};
    long full = nc / GK_NR * GK_NR, columns = nc - full;
    __m256i low = _mm256_loadu_si256((const __m256i *)(lanes + 16 - (columns < 8 ? columns : 8)));
    __m256i high = _mm256_loadu_si256((const __m256i *)(lanes + 16 - (columns - 8 > 0 ? columns - 8 : 0)));
    for (long p = 0; p < kc; p++) {
      const float *row = b + (p0 + p) * ldb + j0;
      float *d = dest + p * GK_NR;
      for (long t = 0; t < full; t += GK_NR, d += kc * GK_NR) {
        _mm256_storeu_ps(d, _mm256_loadu_ps(row + t));
        _mm256_storeu_ps(d + 8, _mm256_loadu_ps(row + t + 8));
      }
      if (columns > 0) {
        _mm256_storeu_ps(d, _mm256_maskload_ps(row + full, low));
        _mm256_storeu_ps(d + 8, _mm256_maskload_ps(row + full + 8, high));
      }
    }
    return;
  }
  for (long t = 0; t < nc; t += GK_NR) {
    long columns = nc - t < GK_NR ? nc - t : GK_NR;
    for (long p = 0; p < kc; p++) {
      long q = p0 + p;
      for (long c = 0; c < columns; c++) dest[c] = b[(j0 + t + c) * ldb + q];
      for (long c = columns; c < GK_NR; c++) dest[c] = 0;
      dest += GK_NR;
    }
  }
}

/// `y += alpha · x`, eight lanes at a time.
GK_AVX2 void gk_saxpy_avx2(long count, float alpha, const float *x, float *y) {
  __m256 scale = _mm256_set1_ps(alpha);
  long i = 0;
  for (; i + 32 <= count; i += 32) {
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(scale, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    _mm256_storeu_ps(y + i + 8, _mm256_fmadd_ps(scale, _mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8)));
    _mm256_storeu_ps(y + i + 16, _mm256_fmadd_ps(scale, _mm256_loadu_ps(x + i + 16), _mm256_loadu_ps(y + i + 16)));
    _mm256_storeu_ps(y + i + 24, _mm256_fmadd_ps(scale, _mm256_loadu_ps(x + i + 24), _mm256_loadu_ps(y + i + 24)));
  }
  for (; i + 8 <= count; i += 8) {
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(scale, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
  }
  for (; i < count; i++) y[i] = __builtin_fmaf(alpha, x[i], y[i]);
}

/// The horizontal sum of the eight lanes.
GK_AVX2 static inline float sum_lanes(__m256 v) {
  __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  half = _mm_add_ps(half, _mm_movehl_ps(half, half));
  half = _mm_add_ss(half, _mm_movehdup_ps(half));
  return _mm_cvtss_f32(half);
}

GK_AVX2 void gk_row_dots_avx2(long m, long k, const float *a, long lda, const float *b, float *c,
                              long ldc, int accumulate) {
  // The last k mod 8 columns through a masked load, so every row is one vector loop.
  static const int lanes[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  long full = k / 8 * 8;
  __m256i tail = _mm256_loadu_si256((const __m256i *)(lanes + 8 - (k - full)));
  __m256 b_tail = _mm256_maskload_ps(b + full, tail);
  long i = 0;
  for (; i + 4 <= m; i += 4) {  // four rows share each load of b
    const float *r0 = a + i * lda, *r1 = r0 + lda, *r2 = r1 + lda, *r3 = r2 + lda;
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    for (long p = 0; p < full; p += 8) {
      __m256 x = _mm256_loadu_ps(b + p);
      s0 = _mm256_fmadd_ps(_mm256_loadu_ps(r0 + p), x, s0);
      s1 = _mm256_fmadd_ps(_mm256_loadu_ps(r1 + p), x, s1);
      s2 = _mm256_fmadd_ps(_mm256_loadu_ps(r2 + p), x, s2);
      s3 = _mm256_fmadd_ps(_mm256_loadu_ps(r3 + p), x, s3);
    }
    if (full < k) {
      s0 = _mm256_fmadd_ps(_mm256_maskload_ps(r0 + full, tail), b_tail, s0);
      s1 = _mm256_fmadd_ps(_mm256_maskload_ps(r1 + full, tail), b_tail, s1);
      s2 = _mm256_fmadd_ps(_mm256_maskload_ps(r2 + full, tail), b_tail, s2);
      s3 = _mm256_fmadd_ps(_mm256_maskload_ps(r3 + full, tail), b_tail, s3);
    }
    float sums[4] = {sum_lanes(s0), sum_lanes(s1), sum_lanes(s2), sum_lanes(s3)};
    for (int r = 0; r < 4; r++) c[(i + r) * ldc] = accumulate ? c[(i + r) * ldc] + sums[r] : sums[r];
  }
  for (; i < m; i++) {
    const float *row = a + i * lda;
    __m256 s = _mm256_setzero_ps();
    for (long p = 0; p < full; p += 8) s = _mm256_fmadd_ps(_mm256_loadu_ps(row + p), _mm256_loadu_ps(b + p), s);
    if (full < k) s = _mm256_fmadd_ps(_mm256_maskload_ps(row + full, tail), b_tail, s);
    float sum = sum_lanes(s);
    c[i * ldc] = accumulate ? c[i * ldc] + sum : sum;
  }
}

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
  // One moving pointer and fixed row offsets (one add per step, not six). Rows past mr
  // repeat the last valid row (their results are not stored).
  long o[GK_MR];
  for (int i = 0; i < GK_MR; i++) o[i] = (i < mr ? i : mr - 1) * rsa;
  long o1 = o[1], o2 = o[2], o3 = o[3], o4 = o[4], o5 = o[5];
  GK_ZERO_ACCUMULATORS;
  const float *ap = a;
  for (long p = 0; p < kc; p++) {
    GK_STEP(ap, ap + o1, ap + o2, ap + o3, ap + o4, ap + o5);
    ap += csa;
  }
  __m256 rows[GK_MR][2] = GK_ACCUMULATOR_ROWS;
  store_tile(rows, c, ldc, overwrite, mr, nr);
}
#endif
