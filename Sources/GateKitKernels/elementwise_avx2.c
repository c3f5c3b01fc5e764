// The AVX2 + FMA versions of exp, sigmoid and tanh: the algorithm of elementwise.c, eight
// lanes at a time, the polynomial and the range reduction with fused multiply-adds.
#include "kernels_internal.h"

#if GK_HAS_AVX2_KERNELS
#include <immintrin.h>

#define GK_AVX2 __attribute__((target("avx2,fma")))

GK_AVX2 static inline __m256 exp8(__m256 x) {
  const __m256 log2e = _mm256_set1_ps(1.44269504088896341f);
  __m256 clamped = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-104.0f)), _mm256_set1_ps(88.8f));
  __m256 n = _mm256_round_ps(_mm256_mul_ps(clamped, log2e), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), clamped);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.0f / 5040);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  __m256i k = _mm256_cvtps_epi32(n);
  __m256i half = _mm256_srai_epi32(k, 1);
  __m256i rest = _mm256_sub_epi32(k, half);
  const __m256i bias = _mm256_set1_epi32(127);
  __m256 scale1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(half, bias), 23));
  __m256 scale2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(rest, bias), 23));
  __m256 result = _mm256_mul_ps(_mm256_mul_ps(p, scale1), scale2);
  __m256 nan = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
  return _mm256_blendv_ps(result, x, nan);
}

GK_AVX2 static inline __m256 tanh8(__m256 x) {
  const __m256 sign_bit = _mm256_set1_ps(-0.0f);
  __m256 magnitude = _mm256_andnot_ps(sign_bit, x);
  // |x| < 0.5: the odd Taylor polynomial.
  __m256 s = _mm256_mul_ps(x, x);
  __m256 p = _mm256_set1_ps(6404582.0f / 10854718875.0f);
  p = _mm256_fmadd_ps(p, s, _mm256_set1_ps(-929569.0f / 638512875.0f));
  p = _mm256_fmadd_ps(p, s, _mm256_set1_ps(21844.0f / 6081075.0f));
  p = _mm256_fmadd_ps(p, s, _mm256_set1_ps(-1382.0f / 155925.0f));
  p = _mm256_fmadd_ps(p, s, _mm256_set1_ps(62.0f / 2835.0f));
  p = _mm256_fmadd_ps(p, s, _mm256_set1_ps(-17.0f / 315.0f));
  p = _mm256_fmadd_ps(p, s, _mm256_set1_ps(2.0f / 15.0f));
  p = _mm256_fmadd_ps(p, s, _mm256_set1_ps(-1.0f / 3.0f));
  __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(x, s), p, x);
  // |x| ≥ 0.5: sign(x)·(1 − 2/(e^(2|x|) + 1)).
  __m256 e = exp8(_mm256_add_ps(magnitude, magnitude));
  __m256 large = _mm256_sub_ps(_mm256_set1_ps(1.0f),
                               _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, _mm256_set1_ps(1.0f))));
  large = _mm256_or_ps(large, _mm256_and_ps(x, sign_bit));
  __m256 use_small = _mm256_cmp_ps(magnitude, _mm256_set1_ps(0.5f), _CMP_LT_OQ);
  __m256 result = _mm256_blendv_ps(large, small, use_small);
  __m256 nan = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
  return _mm256_blendv_ps(result, x, nan);
}

GK_AVX2 static inline __m256 sigmoid8(__m256 x) {
  __m256 e = exp8(_mm256_sub_ps(_mm256_setzero_ps(), x));
  return _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_add_ps(_mm256_set1_ps(1.0f), e));
}

/// Applies `f` eight lanes at a time; the tail goes through a zero-padded vector.
#define GK_MAP8(name, f)                                                  \
  GK_AVX2 void name(const float *x, float *y, long count) {              \
    long i = 0;                                                           \
    for (; i + 8 <= count; i += 8) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i))); \
    if (i < count) {                                                      \
      float in[8] = {0}, out[8];                                          \
      for (long j = i; j < count; j++) in[j - i] = x[j];                  \
      _mm256_storeu_ps(out, f(_mm256_loadu_ps(in)));                      \
      for (long j = i; j < count; j++) y[j] = out[j - i];                 \
    }                                                                     \
  }

GK_MAP8(gk_sexp_avx2, exp8)
GK_MAP8(gk_ssigmoid_avx2, sigmoid8)
GK_MAP8(gk_stanh_avx2, tanh8)
#endif
