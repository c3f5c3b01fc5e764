import GateKit
import Testing

/// AdaGrad against PyTorch's published update, computed by hand for w₀ = 1, η = 0.1,
/// ε = 1e-10 and the gradients g₁ = 0.5, g₂ = −0.25, g₃ = 1:
///
/// ```
/// g ← ∇w + λw;  η′ = η/(1 + (t − 1)δ);  s ← s + g²  (s₀ = initial accumulator value)
/// w ← w − η′g/(√s + ε)
/// ```
///
/// Tolerance 1e-15: a step is about six roundings of numbers below 2, a few ulps (2.2e-16).
@Suite("AdaGrad follows the published update equations")
struct AdaGradTests {
  @Test func adaGradDividesByTheRootOfTheSumOfSquares() throws {
    var adaGrad = try AdaGrad<Double>(learningRate: 0.1)
    let w = try trajectory(of: &adaGrad, gradients: gradients)
    expectWeights(
      w,
      [
        // s = 0.25: w₁ = 1 − 0.1·0.5/(0.5 + 1e-10)
        0.900_000_000_02,
        // s = 0.25 + 0.0625 = 0.3125, √s = 0.559016994375: w₂ = w₁ + 0.1·0.25/0.559016994375
        0.944_721_359_561_995_794,
        // s = 1.3125, √s = 1.14564392374: w₃ = w₂ − 0.1·1/1.14564392374
        0.857_434_203_475_217_889,
      ], within: 1e-15)
    // s₃ = 0.25 + 0.0625 + 1, exact in binary.
    #expect(adaGrad.state.tensors["weight.sumOfSquares"]?.scalars == [1.3125])
  }

  @Test func learningRateDecayDividesTheRateByOnePlusStepsTimesDecay() throws {
    var adaGrad = try AdaGrad<Double>(learningRate: 0.1, learningRateDecay: 0.5)
    let w = try trajectory(of: &adaGrad, gradients: gradients)
    expectWeights(
      w,
      [
        // η′ = 0.1/(1 + 0·0.5) = 0.1: w₁ = 1 − 0.1·0.5/(0.5 + 1e-10)
        0.900_000_000_02,
        // η′ = 0.1/(1 + 1·0.5) = 0.0666666666667: w₂ = w₁ + η′·0.25/0.559016994375
        0.929_814_239_714_663_863,
        // η′ = 0.1/(1 + 2·0.5) = 0.05: w₃ = w₂ − 0.05·1/1.14564392374
        0.886_170_661_671_274_91,
      ], within: 1e-15)
  }

  @Test func initialAccumulatorValueStartsTheSumOfSquares() throws {
    var adaGrad = try AdaGrad<Double>(learningRate: 0.1, initialAccumulatorValue: 0.1)
    let w = try trajectory(of: &adaGrad, gradients: gradients)
    expectWeights(
      w,
      [
        // s = 0.1 + 0.25 = 0.35, √s = 0.59160797831: w₁ = 1 − 0.1·0.5/0.59160797831
        0.915_484_574_541_434_057,
        // s = 0.35 + 0.0625 = 0.4125, √s = 0.642261628933: w₂ = w₁ + 0.1·0.25/0.642261628933
        0.954_409_521_743_449_599,
        // s = 1.4125, √s = 1.1884864324: w₃ = w₂ − 0.1·1/1.1884864324
        0.870_268_889_368_194_995,
      ], within: 1e-15)
  }

  @Test func decayAndInitialAccumulatorCombine() throws {
    var adaGrad = try AdaGrad<Double>(
      learningRate: 0.1, learningRateDecay: 0.5, initialAccumulatorValue: 0.1)
    let w = try trajectory(of: &adaGrad, gradients: gradients)
    expectWeights(
      w,
      [
        // η′ = 0.1, s = 0.35: w₁ = 1 − 0.1·0.5/0.59160797831
        0.915_484_574_541_434_057,
        // η′ = 0.1/1.5, s = 0.4125: w₂ = w₁ + (0.1/1.5)·0.25/0.642261628933
        0.941_434_539_342_777_752,
        // η′ = 0.1/2 = 0.05, s = 1.4125: w₃ = w₂ − 0.05·1/1.1884864324
        0.899_364_223_155_150_449,
      ], within: 1e-15)
  }

  @Test func adaGradWeightDecayIsAddedToTheGradient() throws {
    var adaGrad = try AdaGrad<Double>(learningRate: 0.1, weightDecay: 0.1)
    let w = try trajectory(of: &adaGrad, gradients: gradients)
    expectWeights(
      w,
      [
        // g = 0.5 + 0.1·1 = 0.6, s = 0.36: w₁ = 1 − 0.1·0.6/(0.6 + 1e-10)
        0.900_000_000_016_666_667,
        // g = −0.25 + 0.1·w₁ = −0.159999999998, s = 0.385599999999, √s = 0.62096698785:
        // w₂ = w₁ − 0.1·g/(√s + ε)
        0.925_766_265_068_299_944,
        // g = 1 + 0.1·w₂ = 1.09257662651, s = 1.57932368479, √s = 1.25671145646:
        // w₃ = w₂ − 0.1·g/(√s + ε)
        0.838_826_926_622_165_216,
      ], within: 1e-15)
  }
}
