import GateKit
import Testing

/// RMSProp against PyTorch's published update, computed by hand for w₀ = 1, η = 0.01,
/// α = 0.99, ε = 1e-8 and the gradients g₁ = 0.5, g₂ = −0.25, g₃ = 1:
///
/// ```
/// g ← ∇w + λw;  s ← αs + (1 − α)g²
/// d = √s + ε,  or centered: ḡ ← αḡ + (1 − α)g,  d = √(s − ḡ²) + ε
/// w ← w − ηg/d,  or with momentum: b ← μb + g/d,  w ← w − ηb
/// ```
///
/// Tolerance 1e-15: a step is about eight roundings, and dividing by d ≈ 0.05–0.11 turns
/// them into errors of at most a few ulps (2.2e-16) once multiplied by η = 0.01.
@Suite("RMSProp follows the published update equations")
struct RMSPropTests {
  @Test func rmsPropDividesByTheRootOfTheSquareAverage() throws {
    var rmsProp = try RMSProp<Double>(learningRate: 0.01)
    let w = try trajectory(of: &rmsProp, gradients: gradients)
    expectWeights(
      w,
      [
        // s = 0.01·0.25 = 0.0025, d = 0.05 + 1e-8: w₁ = 1 − 0.01·0.5/0.05000001
        0.900_000_019_999_996,
        // s = 0.99·0.0025 + 0.01·0.0625 = 0.0031, d = 0.0556776536283:
        // w₂ = w₁ + 0.01·0.25/0.0556776536283 = w₁ + 0.01·4.49013174422
        0.944_901_337_442_175_045,
        // s = 0.99·0.0031 + 0.01·1 = 0.013069, d = 0.114319737082:
        // w₃ = w₂ − 0.01·1/0.114319737082 = w₂ − 0.01·8.74739590493
        0.857_427_378_392_859_458,
      ], within: 1e-15)
    #expect(Set(rmsProp.state.tensors.keys) == ["weight.squareAverage"])
    // s₃ = 0.99·0.0031 + 0.01·1 = 0.013069. α = 0.99 and 1 − α are inexact in binary and
    // rounded again in each step, so relative 1e-14: 1e-16.
    let s = try #require(rmsProp.state.tensors["weight.squareAverage"]?.scalars.first)
    #expect(Swift.abs(s - 0.013_069) < 1e-16)
  }

  @Test func centeredRMSPropSubtractsTheSquaredMeanGradient() throws {
    var rmsProp = try RMSProp<Double>(learningRate: 0.01, centered: true)
    let w = try trajectory(of: &rmsProp, gradients: gradients)
    expectWeights(
      w,
      [
        // s = 0.0025, ḡ = 0.01·0.5 = 0.005, d = √(0.0025 − 0.000025) + 1e-8 = 0.0497493818553:
        // w₁ = 1 − 0.01·0.5/0.0497493818553
        0.899_496_238_676_094_934,
        // s = 0.0031, ḡ = 0.99·0.005 − 0.0025 = 0.00245, d = √(0.0031 − 0.00245²) + 1e-8
        // = 0.0556237234683: w₂ = w₁ + 0.01·0.25/0.0556237234683
        0.944_441_090_335_049_076,
        // s = 0.013069, ḡ = 0.99·0.00245 + 0.01 = 0.0124255,
        // d = √(0.013069 − 0.0124255²) + 1e-8 = 0.113642462234: w₃ = w₂ − 0.01/d
        0.856_445_812_835_589_374,
      ], within: 1e-15)
    #expect(
      Set(rmsProp.state.tensors.keys) == ["weight.squareAverage", "weight.gradientAverage"])
  }

  @Test func rmsPropMomentumAccumulatesTheNormalizedSteps() throws {
    var rmsProp = try RMSProp<Double>(learningRate: 0.01, momentum: 0.9)
    let w = try trajectory(of: &rmsProp, gradients: gradients)
    expectWeights(
      w,
      [
        // g/d = 0.5/0.05000001 = 9.999998, b = 9.999998: w₁ = 1 − 0.01·9.999998
        0.900_000_019_999_996,
        // g/d = −4.49013174422, b = 0.9·9.999998 − 4.49013174422 = 4.50986645578:
        // w₂ = w₁ − 0.01·4.50986645578
        0.854_901_355_442_171_445,
        // g/d = 8.74739590493, b = 0.9·4.50986645578 + 8.74739590493 = 12.8062757151:
        // w₃ = w₂ − 0.01·12.8062757151
        0.726_838_598_290_813_758,
      ], within: 1e-15)
    #expect(Set(rmsProp.state.tensors.keys) == ["weight.squareAverage", "weight.momentum"])
  }

  @Test func centeredRMSPropWithMomentumCombinesBoth() throws {
    var rmsProp = try RMSProp<Double>(learningRate: 0.01, momentum: 0.9, centered: true)
    let w = try trajectory(of: &rmsProp, gradients: gradients)
    expectWeights(
      w,
      [
        // g/d = 10.0503761324 (centered d above), b = 10.0503761324: w₁ = 1 − 0.01·b
        0.899_496_238_676_094_934,
        // g/d = −4.4944851659, b = 0.9·10.0503761324 − 4.4944851659 = 4.55085335326
        0.853_987_705_143_534_516,
        // g/d = 8.79952774995, b = 0.9·4.55085335326 + 8.79952774995 = 12.8952957679
        0.725_034_747_464_770_439,
      ], within: 1e-15)
  }

  @Test func rmsPropWeightDecayIsAddedToTheGradient() throws {
    var rmsProp = try RMSProp<Double>(learningRate: 0.01, weightDecay: 0.1)
    let w = try trajectory(of: &rmsProp, gradients: gradients)
    expectWeights(
      w,
      [
        // g = 0.5 + 0.1·1 = 0.6, s = 0.0036, d = 0.06000001: w₁ = 1 − 0.01·0.6/0.06000001
        0.900_000_016_666_663_889,
        // g = −0.25 + 0.1·w₁ = −0.159999998333, s = 0.00381999999467, d = 0.0618061585183:
        // w₂ = w₁ − 0.01·g/d = w₁ + 0.01·2.58873876276
        0.925_887_404_294_217_057,
        // g = 1 + 0.1·w₂ = 1.09258874043, s = 0.0157193015519, d = 0.12537664878:
        // w₃ = w₂ − 0.01·8.71445162284
        0.838_742_888_065_857_068,
      ], within: 1e-15)
  }
}
