import GateKit
import Testing

/// Adam and AdamW against the published updates (Kingma and Ba 2015; Loshchilov and Hutter
/// 2019, as PyTorch documents them), computed by hand for w₀ = 1, η = 0.1, β₁ = 0.9,
/// β₂ = 0.999, ε = 1e-8 and the gradients g₁ = 0.5, g₂ = −0.25, g₃ = 1:
///
/// ```
/// g ← ∇w + λw  (Adam's L2 decay)      or   w ← w − ηλw  (AdamW, before the step)
/// m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
/// m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ);  w ← w − η·m̂/(√v̂ + ε)
/// ```
///
/// Tolerance 1e-15: a step is about ten roundings of numbers below 2, and the bias
/// corrections and the square root do not amplify them, so three steps stay within a few
/// ulps (2.2e-16) of the exact value.
@Suite("Adam and AdamW follow the published update equations")
struct AdamTests {
  @Test func adamTakesBiasCorrectedNormalizedSteps() throws {
    var adam = try Adam<Double>(learningRate: 0.1)
    let w = try trajectory(of: &adam, gradients: gradients)
    expectWeights(
      w,
      [
        // m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25: w₁ = 1 − 0.1·0.5/(0.5 + 1e-8)
        0.900_000_001_999_999_96,
        // m = 0.9·0.05 + 0.1·(−0.25) = 0.02, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225,
        // m̂ = 0.02/0.19 = 0.105263157895, v̂ = 0.00031225/0.001999 = 0.156203101551:
        // w₂ = w₁ − 0.1·0.105263157895/(0.395225380702 + 1e-8)
        0.873_366_298_707_846_163,
        // m = 0.018 + 0.1 = 0.118, v = 0.00031193775 + 0.001 = 0.00131193775,
        // m̂ = 0.118/0.271 = 0.435424354244, v̂ = 0.00131193775/0.002997001 = 0.437750187604:
        // w₃ = w₂ − 0.1·0.435424354244/(0.661626924788 + 1e-8)
        0.807_555_139_677_089_616,
      ], within: 1e-15)
  }

  @Test func adamStoresBothMomentsUnderTheParameterPath() throws {
    var adam = try Adam<Double>(learningRate: 0.1)
    _ = try trajectory(of: &adam, gradients: [0.5])
    let m = try #require(adam.state.tensors["weight.firstMoment"])
    let v = try #require(adam.state.tensors["weight.secondMoment"])
    // m = (1 − 0.9)·0.5 = 0.05 and v = (1 − 0.999)·0.25 = 0.00025, both stored without the
    // bias correction. 1 − β is inexact in binary (1 − 0.9 = 0.09999999999999998), so the
    // tolerances are relative 2e-15: 1e-16 and 5e-19.
    #expect(Swift.abs(try #require(m.scalars.first) - 0.05) < 1e-16)
    #expect(Swift.abs(try #require(v.scalars.first) - 0.000_25) < 5e-19)
    #expect(Set(adam.state.tensors.keys) == ["weight.firstMoment", "weight.secondMoment"])
  }

  @Test func adamWeightDecayIsAddedToTheGradientBeforeTheMoments() throws {
    var adam = try Adam<Double>(learningRate: 0.1, weightDecay: 0.1)
    let w = try trajectory(of: &adam, gradients: gradients)
    expectWeights(
      w,
      [
        // g = 0.5 + 0.1·1 = 0.6, m̂ = 0.6, v̂ = 0.36: w₁ = 1 − 0.1·0.6/(0.6 + 1e-8)
        0.900_000_001_666_666_639,
        // g = −0.25 + 0.1·w₁ = −0.159999999833, m = 0.0380000000167, v = 0.000385239999947,
        // m̂ = 0.200000000088, v̂ = 0.192716358152: w₂ = w₁ − 0.1·m̂/(0.438994713126 + 1e-8)
        0.854_441_367_461_762_228,
        // g = 1 + 0.1·w₂ = 1.08544413675, m = 0.14274441369, v = 0.00156304373394,
        // m̂ = 0.526732153836, v̂ = 0.521535940076: w₃ = w₂ − 0.1·m̂/(0.722174452661 + 1e-8)
        0.781_504_399_863_165_545,
      ], within: 1e-15)
  }

  @Test func adamWDecaysTheWeightDirectlyBeforeTheAdamStep() throws {
    var adamW = try AdamW<Double>(learningRate: 0.1, weightDecay: 0.1)
    let w = try trajectory(of: &adamW, gradients: gradients)
    // The moments see the raw gradients, so m̂ and v̂ are Adam's above; only w is decayed.
    expectWeights(
      w,
      [
        // w ← 1·(1 − 0.1·0.1) = 0.99; w₁ = 0.99 − 0.1·0.5/(0.5 + 1e-8)
        0.890_000_001_999_999_96,
        // w ← w₁·0.99 = 0.88110000198; w₂ = 0.88110000198 − 0.1·0.105263157895/0.395225390702
        0.854_466_298_687_846_163,
        // w ← w₂·0.99 = 0.845921635701; w₃ = w − 0.1·0.435424354244/0.661626934788
        0.780_110_476_670_211_154,
      ], within: 1e-15)
  }

  @Test func adamWWithoutWeightDecayIsAdam() throws {
    var adamW = try AdamW<Double>(learningRate: 0.1, weightDecay: 0)
    var adam = try Adam<Double>(learningRate: 0.1)
    // The same operations in the same order: bit for bit equal.
    #expect(
      try trajectory(of: &adamW, gradients: gradients)
        == trajectory(of: &adam, gradients: gradients))
  }

  @Test func adamsFirstStepHasTheSizeOfTheLearningRateWhateverTheGradientScale() throws {
    // At t = 1, m̂ = g and √v̂ = |g|, so w₁ = w₀ − η·g/(|g| + ε) ≈ w₀ − η·sign(g).
    for g in [1e-3, 1.0, 1e6, -42.0] {
      var adam = try Adam<Double>(learningRate: 0.1)
      let w1 = try #require(try trajectory(of: &adam, gradients: [g]).first)
      // |g|/(|g| + ε) differs from 1 by ε/|g| ≤ 1e-5 for |g| ≥ 1e-3, times η = 0.1.
      #expect(Swift.abs(w1 - (1 - 0.1 * (g > 0 ? 1 : -1))) < 1e-6, "g = \(g)")
    }
  }
}
