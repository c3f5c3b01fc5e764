// Exponential, sigmoid and tanh for float32 arrays: the portable versions and the dispatch.
//
// e^x = 2^n · e^r with n = round(x·log₂e) and r = x − n·ln 2 (Cody–Waite, ln 2 split in a
// high part with trailing zeros and a low part), |r| ≤ ln 2 / 2; e^r by its degree-7
// Taylor polynomial (truncation below 1e-8 relative). 2^n is applied as 2^⌊n/2⌋·2^(n−⌊n/2⌋)
// so that results near the overflow and underflow thresholds round correctly.
#include "GateKitKernels.h"
#include "kernels_internal.h"

#include <stdint.h>
#include <string.h>

static const float log2e = 1.44269504088896341f;
static const float ln2_high = 0.693359375f;  // exact in 9 bits: n·ln2_high is exact
static const float ln2_low = -2.12194440e-4f;

static inline float power_of_two(int32_t n) {
  uint32_t bits = (uint32_t)(n + 127) << 23;
  float value;
  memcpy(&value, &bits, sizeof value);
  return value;
}

static inline float portable_exp(float x) {
  if (x != x) return x;
  if (x > 88.8f) x = 88.8f;
  if (x < -104.0f) x = -104.0f;
  // Round to nearest by the 1.5·2²³ trick (no libm call, no SSE4.1 needed).
  float t = x * log2e;
  float n = (t + 12582912.0f) - 12582912.0f;
  float r = (x - n * ln2_high) - n * ln2_low;
  float p = 1.0f / 5040;
  p = p * r + 1.0f / 720;
  p = p * r + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  int32_t k = (int32_t)n;
  int32_t half = k >> 1;
  return p * power_of_two(half) * power_of_two(k - half);
}

static inline float portable_tanh(float x) {
  float magnitude = x < 0 ? -x : x;
  float result;
  if (magnitude < 0.5f) {
    // tanh x = x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835 − 1382x¹¹/155925 + …
    float s = x * x;
    float p = 6404582.0f / 10854718875.0f;
    p = p * s - 929569.0f / 638512875.0f;
    p = p * s + 21844.0f / 6081075.0f;
    p = p * s - 1382.0f / 155925.0f;
    p = p * s + 62.0f / 2835.0f;
    p = p * s - 17.0f / 315.0f;
    p = p * s + 2.0f / 15.0f;
    p = p * s - 1.0f / 3.0f;
    result = x + x * s * p;
  } else {
    result = 1.0f - 2.0f / (portable_exp(2.0f * magnitude) + 1.0f);
    if (x < 0) result = -result;
  }
  return x != x ? x : result;
}

void gk_sexp(const float *x, float *y, long count) {
#if GK_HAS_AVX2_KERNELS
  if (gk_kernel_level() == GK_KERNELS_AVX2) {
    gk_sexp_avx2(x, y, count);
    return;
  }
#endif
  for (long i = 0; i < count; i++) y[i] = portable_exp(x[i]);
}

void gk_ssigmoid(const float *x, float *y, long count) {
#if GK_HAS_AVX2_KERNELS
  if (gk_kernel_level() == GK_KERNELS_AVX2) {
    gk_ssigmoid_avx2(x, y, count);
    return;
  }
#endif
  for (long i = 0; i < count; i++) y[i] = 1.0f / (1.0f + portable_exp(-x[i]));
}

void gk_stanh(const float *x, float *y, long count) {
#if GK_HAS_AVX2_KERNELS
  if (gk_kernel_level() == GK_KERNELS_AVX2) {
    gk_stanh_avx2(x, y, count);
    return;
  }
#endif
  for (long i = 0; i < count; i++) y[i] = portable_tanh(x[i]);
}

// Branch-free selects over contiguous arrays: the compiler vectorizes both at any baseline.
void gk_srelu(const float *x, float *y, long count, float slope) {
  if (slope == 0) {
    for (long i = 0; i < count; i++) y[i] = x[i] <= 0 ? 0.0f : x[i];
  } else {
    for (long i = 0; i < count; i++) y[i] = x[i] <= 0 ? slope * x[i] : x[i];
  }
}

void gk_srelu_backward(const float *x, const float *dy, float *dx, long count, float slope) {
  if (slope == 0) {
    // dy is loaded unconditionally so that the select vectorizes (a conditional load
    // does not: measured 0.9 ns per element against 0.15).
    for (long i = 0; i < count; i++) {
      float d = dy[i];
      dx[i] = x[i] > 0 ? d : 0.0f;
    }
  } else {
    for (long i = 0; i < count; i++) dx[i] = x[i] > 0 ? dy[i] : slope * dy[i];
  }
}
