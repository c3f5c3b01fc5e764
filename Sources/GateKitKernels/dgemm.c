// The DGEMM driver: the double-precision matrix product that gradient checks and Double
// models run. The same blocking and packing as the SGEMM driver (sgemm.c), with a 6 × 8
// register tile, single-threaded: each element of C is summed over k in one order
// whatever the shape, so results do not depend on how a caller splits its work.
#include "GateKitKernels.h"
#include "kernels_internal.h"

#include <stdlib.h>
#include <string.h>

// Blocking: a KC × NR panel of B (16 KB) and an MR × KC sliver of A (12 KB) share L1; an
// MC × KC block of A (192 KB) stays in L2.
#define GK_DKC 256
#define GK_DMC 96
#define GK_DNC 2048

/// op(A)[i0..<i0+mc, p0..<p0+kc] as slivers of DMR rows: dest[s][p][r], zero-padded.
static void dpack_a(int transpose, const double *a, long lda, long i0, long p0, long mc, long kc,
                    double *dest) {
  for (long s = 0; s < mc; s += GK_DMR) {
    long rows = mc - s < GK_DMR ? mc - s : GK_DMR;
    for (long p = 0; p < kc; p++) {
      long q = p0 + p;
      for (long r = 0; r < rows; r++) {
        long i = i0 + s + r;
        dest[r] = transpose ? a[q * lda + i] : a[i * lda + q];
      }
      for (long r = rows; r < GK_DMR; r++) dest[r] = 0;
      dest += GK_DMR;
    }
  }
}

/// op(B)[p0..<p0+kc, j0..<j0+nc] as panels of DNR columns: dest[t][p][c], zero-padded.
static void dpack_b(int transpose, const double *b, long ldb, long p0, long j0, long kc, long nc,
                    double *dest) {
  for (long t = 0; t < nc; t += GK_DNR) {
    long columns = nc - t < GK_DNR ? nc - t : GK_DNR;
    for (long p = 0; p < kc; p++) {
      long q = p0 + p;
      if (transpose) {
        for (long c = 0; c < columns; c++) dest[c] = b[(j0 + t + c) * ldb + q];
      } else {
        memcpy(dest, b + q * ldb + j0 + t, (size_t)columns * sizeof(double));
      }
      for (long c = columns; c < GK_DNR; c++) dest[c] = 0;
      dest += GK_DNR;
    }
  }
}

void gk_dmicro_portable(long kc, const double *a, const double *b, double *c, long ldc,
                        int overwrite, int mr, int nr) {
  double acc[GK_DMR][GK_DNR] = {{0}};
  for (long p = 0; p < kc; p++) {
    for (int i = 0; i < GK_DMR; i++) {
      double ai = a[p * GK_DMR + i];
      for (int j = 0; j < GK_DNR; j++) acc[i][j] += ai * b[p * GK_DNR + j];
    }
  }
  for (int i = 0; i < mr; i++) {
    for (int j = 0; j < nr; j++) {
      c[i * ldc + j] = overwrite ? acc[i][j] : c[i * ldc + j] + acc[i][j];
    }
  }
}

void gk_dmicro_portable_direct(long kc, const double *a, long rsa, long csa, const double *b,
                               double *c, long ldc, int overwrite, int mr, int nr) {
  double acc[GK_DMR][GK_DNR] = {{0}};
  for (long p = 0; p < kc; p++) {
    for (int i = 0; i < mr; i++) {
      double ai = a[i * rsa + p * csa];
      for (int j = 0; j < GK_DNR; j++) acc[i][j] += ai * b[p * GK_DNR + j];
    }
  }
  for (int i = 0; i < mr; i++) {
    for (int j = 0; j < nr; j++) {
      c[i * ldc + j] = overwrite ? acc[i][j] : c[i * ldc + j] + acc[i][j];
    }
  }
}

/// The reference triple loop, for when the packing buffers cannot be allocated.
static void dgemm_unpacked(int ta, int tb, long m, long n, long k, const double *a, long lda,
                           const double *b, long ldb, double *c, long ldc, int accumulate) {
  for (long i = 0; i < m; i++) {
    for (long j = 0; j < n; j++) {
      double total = 0;
      for (long p = 0; p < k; p++) {
        total += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
      }
      c[i * ldc + j] = accumulate ? c[i * ldc + j] + total : total;
    }
  }
}

void gk_dgemm(int transpose_a, int transpose_b, long m, long n, long k, const double *a, long lda,
              const double *b, long ldb, double *c, long ldc, int accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) {
      for (long i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(double));
    }
    return;
  }
  gk_dmicro_kernel micro = gk_dmicro_portable;
  gk_dmicro_kernel_direct direct = gk_dmicro_portable_direct;
#if GK_HAS_AVX2_KERNELS
  if (gk_kernel_level() == GK_KERNELS_AVX2) {
    micro = gk_dmicro_avx2;
    direct = gk_dmicro_avx2_direct;
  }
#endif
  // Packing A pays when each sliver of it meets many panels of B; with one or two panels
  // (an output layer) reading A in place is cheaper.
  int pack_a_blocks = n > 2 * GK_DNR;
  long rsa = transpose_a ? 1 : lda, csa = transpose_a ? lda : 1;
  // Equal blocks along k and m, as in sgemm.c.
  long k_blocks = (k + GK_DKC - 1) / GK_DKC, kc_max = (k + k_blocks - 1) / k_blocks;
  long m_blocks = (m + GK_DMC - 1) / GK_DMC;
  long m_step = ((m + m_blocks - 1) / m_blocks + GK_DMR - 1) / GK_DMR * GK_DMR;
  long nc_max = n < GK_DNC ? n : GK_DNC;
  size_t b_count = (size_t)((nc_max + GK_DNR - 1) / GK_DNR * GK_DNR * kc_max);
  size_t a_count = pack_a_blocks ? (size_t)(m_step * kc_max) : 1;
  double *packed_b = malloc(b_count * sizeof(double));
  double *packed_a = malloc(a_count * sizeof(double));
  if (!packed_a || !packed_b) {
    free(packed_a);
    free(packed_b);
    dgemm_unpacked(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    return;
  }
  for (long jc = 0; jc < n; jc += GK_DNC) {
    long nc = n - jc < GK_DNC ? n - jc : GK_DNC;
    for (long pc = 0; pc < k; pc += kc_max) {
      long kc = k - pc < kc_max ? k - pc : kc_max;
      int overwrite = pc == 0 && !accumulate;
      dpack_b(transpose_b, b, ldb, pc, jc, kc, nc, packed_b);
      for (long ic = 0; ic < m; ic += m_step) {
        long mc = m - ic < m_step ? m - ic : m_step;
        if (pack_a_blocks) dpack_a(transpose_a, a, lda, ic, pc, mc, kc, packed_a);
        for (long jr = 0; jr < nc; jr += GK_DNR) {
          int nr = nc - jr < GK_DNR ? (int)(nc - jr) : GK_DNR;
          for (long ir = 0; ir < mc; ir += GK_DMR) {
            int mr = mc - ir < GK_DMR ? (int)(mc - ir) : GK_DMR;
            double *tile = c + (ic + ir) * ldc + jc + jr;
            if (pack_a_blocks) {
              micro(kc, packed_a + ir * kc, packed_b + jr * kc, tile, ldc, overwrite, mr, nr);
            } else {
              direct(kc, a + (ic + ir) * rsa + pc * csa, rsa, csa, packed_b + jr * kc, tile, ldc,
                     overwrite, mr, nr);
            }
          }
        }
      }
    }
  }
  free(packed_a);
  free(packed_b);
}
