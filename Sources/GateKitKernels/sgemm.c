// The SGEMM driver: cache blocking and packing (after Goto and van de Geijn, and BLIS),
// around a micro-kernel that the CPU dispatch chooses.
#include "GateKitKernels.h"
#include "kernels_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// MARK: Packing buffers, reused per thread and freed when the thread ends.

typedef struct {
  float *data;
  size_t capacity;
} gk_buffer;

typedef struct {
  gk_buffer a, b;
} gk_buffers;

static pthread_key_t buffers_key;
static pthread_once_t buffers_once = PTHREAD_ONCE_INIT;

static void free_buffers(void *pointer) {
  gk_buffers *buffers = pointer;
  free(buffers->a.data);
  free(buffers->b.data);
  free(buffers);
}

static void make_key(void) { pthread_key_create(&buffers_key, free_buffers); }

static gk_buffers *thread_buffers(void) {
  pthread_once(&buffers_once, make_key);
  gk_buffers *buffers = pthread_getspecific(buffers_key);
  if (!buffers) {
    buffers = calloc(1, sizeof *buffers);
    if (buffers) pthread_setspecific(buffers_key, buffers);
  }
  return buffers;
}

/// At least `count` floats, 64-byte aligned; NULL if memory runs out.
static float *reserve(gk_buffer *buffer, size_t count) {
  if (count > buffer->capacity) {
    free(buffer->data);
    size_t bytes = (count * sizeof(float) + 63) & ~(size_t)63;
    buffer->data = aligned_alloc(64, bytes);
    buffer->capacity = buffer->data ? count : 0;
  }
  return buffer->data;
}

// MARK: Packing

/// op(A)[i0..<i0+mc, p0..<p0+kc] as slivers of MR rows: dest[s][p][r], zero-padded.
static void pack_a(int transpose, const float *a, long lda, long i0, long p0, long mc, long kc,
                   float *dest) {
  for (long s = 0; s < mc; s += GK_MR) {
    long rows = mc - s < GK_MR ? mc - s : GK_MR;
    for (long p = 0; p < kc; p++) {
      for (long r = 0; r < rows; r++) {
        long i = i0 + s + r, q = p0 + p;
        dest[r] = transpose ? a[q * lda + i] : a[i * lda + q];
      }
      for (long r = rows; r < GK_MR; r++) dest[r] = 0;
      dest += GK_MR;
    }
  }
}

/// op(B)[p0..<p0+kc, j0..<j0+nc] as panels of NR columns: dest[t][p][c], zero-padded.
static void pack_b(int transpose, const float *b, long ldb, long p0, long j0, long kc, long nc,
                   float *dest) {
  for (long t = 0; t < nc; t += GK_NR) {
    long columns = nc - t < GK_NR ? nc - t : GK_NR;
    for (long p = 0; p < kc; p++) {
      long q = p0 + p;
      if (transpose) {
        for (long c = 0; c < columns; c++) dest[c] = b[(j0 + t + c) * ldb + q];
      } else if (columns == GK_NR) {
        const float *source = b + q * ldb + j0 + t;
        for (long c = 0; c < GK_NR; c++) dest[c] = source[c];
      } else {
        memcpy(dest, b + q * ldb + j0 + t, (size_t)columns * sizeof(float));
      }
      for (long c = columns; c < GK_NR; c++) dest[c] = 0;
      dest += GK_NR;
    }
  }
}

// MARK: The portable micro-kernel

void gk_micro_portable(long kc, const float *a, const float *b, float *c, long ldc,
                       int overwrite, int mr, int nr) {
  float acc[GK_MR][GK_NR] = {{0}};
  for (long p = 0; p < kc; p++) {
    for (int i = 0; i < GK_MR; i++) {
      float ai = a[p * GK_MR + i];
      for (int j = 0; j < GK_NR; j++) acc[i][j] += ai * b[p * GK_NR + j];
    }
  }
  for (int i = 0; i < mr; i++) {
    for (int j = 0; j < nr; j++) {
      c[i * ldc + j] = overwrite ? acc[i][j] : c[i * ldc + j] + acc[i][j];
    }
  }
}

void gk_micro_portable_direct(long kc, const float *a, long rsa, long csa, const float *b, float *c,
                              long ldc, int overwrite, int mr, int nr) {
  float acc[GK_MR][GK_NR] = {{0}};
  for (long p = 0; p < kc; p++) {
    for (int i = 0; i < mr; i++) {
      float ai = a[i * rsa + p * csa];
      for (int j = 0; j < GK_NR; j++) acc[i][j] += ai * b[p * GK_NR + j];
    }
  }
  for (int i = 0; i < mr; i++) {
    for (int j = 0; j < nr; j++) {
      c[i * ldc + j] = overwrite ? acc[i][j] : c[i * ldc + j] + acc[i][j];
    }
  }
}

// MARK: The driver

/// The reference triple loop, for when the packing buffers cannot be allocated.
static void sgemm_unpacked(int ta, int tb, long m, long n, long k, const float *a, long lda,
                           const float *b, long ldb, float *c, long ldc, int accumulate) {
  for (long i = 0; i < m; i++) {
    for (long j = 0; j < n; j++) {
      float total = 0;
      for (long p = 0; p < k; p++) {
        total += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
      }
      c[i * ldc + j] = accumulate ? c[i * ldc + j] + total : total;
    }
  }
}

void gk_sgemm(int transpose_a, int transpose_b, long m, long n, long k,
              const float *a, long lda, const float *b, long ldb,
              float *c, long ldc, int accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) {
      for (long i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
    }
    return;
  }
  gk_micro_kernel micro = gk_micro_portable;
  gk_micro_kernel_direct direct = gk_micro_portable_direct;
#if GK_HAS_AVX2_KERNELS
  if (gk_kernel_level() == GK_KERNELS_AVX2) {
    micro = gk_micro_avx2;
    direct = gk_micro_avx2_direct;
  }
#endif
  // Packing A pays when each sliver of it meets many panels of B; with one or two panels
  // (narrow products: output layers, small networks) reading A in place is cheaper.
  int pack_a_blocks = n > 2 * GK_NR;
  long rsa = transpose_a ? 1 : lda, csa = transpose_a ? lda : 1;
  long nc_max = n < GK_NC ? n : GK_NC, kc_max = k < GK_KC ? k : GK_KC, mc_max = m < GK_MC ? m : GK_MC;
  gk_buffers *buffers = thread_buffers();
  float *packed_b = buffers ? reserve(&buffers->b, (size_t)((nc_max + GK_NR - 1) / GK_NR * GK_NR * kc_max)) : NULL;
  float *packed_a = buffers && pack_a_blocks
                       ? reserve(&buffers->a, (size_t)((mc_max + GK_MR - 1) / GK_MR * GK_MR * kc_max))
                       : NULL;
  if ((pack_a_blocks && !packed_a) || !packed_b) {
    sgemm_unpacked(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    return;
  }
  for (long jc = 0; jc < n; jc += GK_NC) {
    long nc = n - jc < GK_NC ? n - jc : GK_NC;
    for (long pc = 0; pc < k; pc += GK_KC) {
      long kc = k - pc < GK_KC ? k - pc : GK_KC;
      int overwrite = pc == 0 && !accumulate;
      pack_b(transpose_b, b, ldb, pc, jc, kc, nc, packed_b);
      for (long ic = 0; ic < m; ic += GK_MC) {
        long mc = m - ic < GK_MC ? m - ic : GK_MC;
        if (pack_a_blocks) pack_a(transpose_a, a, lda, ic, pc, mc, kc, packed_a);
        for (long jr = 0; jr < nc; jr += GK_NR) {
          int nr = nc - jr < GK_NR ? (int)(nc - jr) : GK_NR;
          for (long ir = 0; ir < mc; ir += GK_MR) {
            int mr = mc - ir < GK_MR ? (int)(mc - ir) : GK_MR;
            float *tile = c + (ic + ir) * ldc + jc + jr;
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
}
