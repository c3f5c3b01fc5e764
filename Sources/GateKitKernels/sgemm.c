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

/// c[i·ldc] (+)= A[i, :] · b over rows of a row-major A, for a contiguous b: eight partial
/// sums per row, which the compiler turns into one vector at any baseline.
static void row_dots(long m, long k, const float *a, long lda, const float *b, float *c, long ldc,
                     int accumulate) {
#if GK_HAS_AVX2_KERNELS
  if (gk_kernel_level() == GK_KERNELS_AVX2) {
    gk_row_dots_avx2(m, k, a, lda, b, c, ldc, accumulate);
    return;
  }
#endif
  for (long i = 0; i < m; i++) {
    const float *row = a + i * lda;
    float total[8] = {0};
    long p = 0;
    for (; p + 8 <= k; p += 8) {
      for (int lane = 0; lane < 8; lane++) total[lane] += row[p + lane] * b[p + lane];
    }
    float sum = 0;
    for (int lane = 0; lane < 8; lane++) sum += total[lane];
    for (; p < k; p++) sum += row[p] * b[p];
    c[i * ldc] = accumulate ? c[i * ldc] + sum : sum;
  }
}

/// C = op(A)·b (+ C) for a single column b (n = 1): row dot products for a row-major A,
/// a sum of scaled rows for a transposed A. Both run over contiguous memory.
static void sgemv(int transpose_a, long m, long k, const float *a, long lda, const float *b,
                  long stride_b, float *c, long ldc, int accumulate) {
  if (transpose_a) {  // A is stored k × m: C += Σ_p b[p]·A[p, :]
    if (ldc == 1) {
      if (!accumulate) memset(c, 0, (size_t)m * sizeof(float));
      for (long p = 0; p < k; p++) gk_saxpy(m, b[p * stride_b], a + p * lda, c);
      return;
    }
    if (!accumulate) {
      for (long i = 0; i < m; i++) c[i * ldc] = 0;
    }
    for (long p = 0; p < k; p++) {
      float bp = b[p * stride_b];
      const float *row = a + p * lda;
      for (long i = 0; i < m; i++) c[i * ldc] += bp * row[i];
    }
    return;
  }
  if (stride_b == 1) {
    row_dots(m, k, a, lda, b, c, ldc, accumulate);
    return;
  }
  for (long i = 0; i < m; i++) {
    const float *row = a + i * lda;
    float sum = 0;
    for (long p = 0; p < k; p++) sum += row[p] * b[p * stride_b];
    c[i * ldc] = accumulate ? c[i * ldc] + sum : sum;
  }
}

/// The packed, blocked product for any shape (no single-column shortcut, so a column block
/// of a threaded split sums exactly as the whole product does).
static void sgemm_blocked(int transpose_a, int transpose_b, long m, long n, long k, const float *a,
                          long lda, const float *b, long ldb, float *c, long ldc, int accumulate) {
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
  void (*pack)(int, const float *, long, long, long, long, long, float *) = pack_a;
  void (*pack_b_block)(int, const float *, long, long, long, long, long, float *) = pack_b;
#if GK_HAS_AVX2_KERNELS
  if (micro == gk_micro_avx2) {
    pack = gk_pack_a_avx2;
    pack_b_block = gk_pack_b_avx2;
  }
#endif
  long rsa = transpose_a ? 1 : lda, csa = transpose_a ? lda : 1;
  long nc_max = n < GK_NC ? n : GK_NC;
  // Equal blocks along k and m (784 = 3 × 262 rather than 3 × 256 + 16): a short last block
  // would pay the C tile's loads and stores for few multiply-adds.
  long k_blocks = (k + GK_KC - 1) / GK_KC, kc_max = (k + k_blocks - 1) / k_blocks;
  long m_blocks = (m + GK_MC - 1) / GK_MC;
  long m_step = ((m + m_blocks - 1) / m_blocks + GK_MR - 1) / GK_MR * GK_MR;
  gk_buffers *buffers = thread_buffers();
  float *packed_b = buffers ? reserve(&buffers->b, (size_t)((nc_max + GK_NR - 1) / GK_NR * GK_NR * kc_max)) : NULL;
  float *packed_a = buffers && pack_a_blocks
                       ? reserve(&buffers->a, (size_t)(m_step * kc_max) + 8)
                       : NULL;
  if ((pack_a_blocks && !packed_a) || !packed_b) {
    sgemm_unpacked(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    return;
  }
  for (long jc = 0; jc < n; jc += GK_NC) {
    long nc = n - jc < GK_NC ? n - jc : GK_NC;
    for (long pc = 0; pc < k; pc += kc_max) {
      long kc = k - pc < kc_max ? k - pc : kc_max;
      int overwrite = pc == 0 && !accumulate;
      pack_b_block(transpose_b, b, ldb, pc, jc, kc, nc, packed_b);
      for (long ic = 0; ic < m; ic += m_step) {
        long mc = m - ic < m_step ? m - ic : m_step;
        if (pack_a_blocks) pack(transpose_a, a, lda, ic, pc, mc, kc, packed_a);
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

void gk_sgemm_serial(int transpose_a, int transpose_b, long m, long n, long k, const float *a,
                     long lda, const float *b, long ldb, float *c, long ldc, int accumulate) {
  if (n == 1 && m > 0 && k > 0) {
    // op(B) is a k × 1 column: b[p·ldb] stored k × n, or b[p] stored n × k.
    sgemv(transpose_a, m, k, a, lda, b, transpose_b ? 1 : ldb, c, ldc, accumulate);
    return;
  }
  sgemm_blocked(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gk_saxpy(long count, float alpha, const float *x, float *y) {
#if GK_HAS_AVX2_KERNELS
  if (gk_kernel_level() == GK_KERNELS_AVX2) {
    gk_saxpy_avx2(count, alpha, x, y);
    return;
  }
#endif
  for (long i = 0; i < count; i++) y[i] += alpha * x[i];
}

// MARK: Threads

typedef struct {
  int transpose_a, transpose_b, accumulate, by_columns, level;
  long m, n, k, lda, ldb, ldc, block;
  const float *a, *b;
  float *c;
} gk_split;

/// Computes one block of C: a range of columns (whole panels) or of rows (whole slivers).
static void run_block(void *pointer, int part) {
  const gk_split *s = pointer;
  long length = s->by_columns ? s->n : s->m;
  long start = part * s->block, end = start + s->block < length ? start + s->block : length;
  if (start >= end) return;
  // Every part runs the caller's kernel set, whichever thread computes it.
  int previous = gk_set_thread_kernel_level(s->level);
  if (s->by_columns) {
    const float *b = s->b + start * (s->transpose_b ? s->ldb : 1);
    sgemm_blocked(s->transpose_a, s->transpose_b, s->m, end - start, s->k, s->a, s->lda, b, s->ldb,
                    s->c + start, s->ldc, s->accumulate);
  } else {
    const float *a = s->a + start * (s->transpose_a ? 1 : s->lda);
    gk_sgemm_serial(s->transpose_a, s->transpose_b, end - start, s->n, s->k, a, s->lda, s->b, s->ldb,
                    s->c + start * s->ldc, s->ldc, s->accumulate);
  }
  gk_set_thread_kernel_level(previous);
}

void gk_sgemm(int transpose_a, int transpose_b, long m, long n, long k,
              const float *a, long lda, const float *b, long ldb,
              float *c, long ldc, int accumulate) {
  int threads = gk_thread_count();
  double flops = 2.0 * (double)m * (double)n * (double)k;
  if (threads > 1 && m > 0 && n > 0 && flops >= (double)gk_parallel_threshold()) {
    // Split C into column blocks (whole 16-column panels) or, for narrow products, row
    // blocks (whole 6-row slivers); each element keeps its summation order, so the bits do
    // not depend on the number of threads.
    int by_columns = n >= 2 * GK_NR * threads || n >= m;
    long length = by_columns ? n : m, unit = by_columns ? GK_NR : GK_MR;
    long parts = length / unit < threads ? length / unit : threads;
    if (parts > 1) {
      long step = (length + parts - 1) / parts;
      gk_split split = {transpose_a, transpose_b, accumulate, by_columns, gk_kernel_level(),
                        m, n, k, lda, ldb, ldc, (step + unit - 1) / unit * unit, a, b, c};
      // `split` lives on this stack frame and is shared with the pool's workers: safe
      // because gk_parallel returns only after every worker has finished its part (and no
      // worker touches the task afterwards), the workers only read it, and the blocks of C
      // they write are disjoint whole panels or slivers.
      if (gk_parallel(run_block, &split, (int)parts)) return;
    }
  }
  gk_sgemm_serial(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}
