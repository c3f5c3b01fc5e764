import GateKit
import Testing

/// `Gate.gradientNorm` and `Gate.clipGradients(maxNorm:)`: the global L2 norm over all
/// parameters, and scaling every gradient by `maxNorm/‖g‖` when the norm is above it.
@Suite("Gradient clipping scales all gradients to the global norm")
struct ClippingTests {
  /// A weight with gradient 3 and a bias with gradient 4: global norm 5.
  func threeFourFive() -> Weights<Double> {
    var gate = Weights<Double>(weight: 1, bias: 1)
    gate.weight.gradient = 3
    gate.bias?.gradient = 4
    return gate
  }

  @Test func gradientNormIsTheL2NormOverAllParameters() {
    #expect(threeFourFive().gradientNorm == 5)  // √(3² + 4²), exact
    var gate = Weights<Double>(weight: [1, 1, 1], bias: 1)
    gate.weight.gradient = [1, -2, 2]
    gate.bias?.gradient = 4
    #expect(gate.gradientNorm == 5)  // √(1 + 4 + 4 + 16), exact
    #expect(Weights<Double>(weight: [1, 2]).gradientNorm == 0)
  }

  @Test func clippingAboveTheMaximumScalesEveryGradientByMaxNormOverNorm() throws {
    var gate = threeFourFive()
    let norm = try gate.clipGradients(maxNorm: 1)
    #expect(norm == 5)  // the norm before clipping
    // g·(1/5): 3·0.2 and 4·0.2, within an ulp of 0.6 and 0.8 (1e-15 covers the rounding
    // of 1/5 and of the product).
    #expect(Swift.abs(try #require(gate.weight.gradient.scalars.first) - 0.6) < 1e-15)
    #expect(Swift.abs(try #require(gate.bias?.gradient.scalars.first) - 0.8) < 1e-15)
    #expect(Swift.abs(gate.gradientNorm - 1) < 1e-15)
  }

  @Test func clippingScalesVectorGradientsAlongTheirDirection() throws {
    var gate = Weights<Double>(weight: [0, 0], bias: [0])
    gate.weight.gradient = [2, -4]
    gate.bias?.gradient = [4]
    let norm = try gate.clipGradients(maxNorm: 3)
    #expect(norm == 6)  // √(4 + 16 + 16)
    // Factor 3/6 = 0.5, exact in binary.
    #expect(gate.weight.gradient == [1, -2])
    #expect(gate.bias?.gradient == [2])
  }

  @Test(arguments: [5.0, 5.5, 100])
  func clippingAtOrBelowTheMaximumLeavesGradientsUntouched(maxNorm: Double) throws {
    var gate = threeFourFive()
    #expect(try gate.clipGradients(maxNorm: maxNorm) == 5)
    #expect(gate.weight.gradient == 3)
    #expect(gate.bias?.gradient == 4)
  }

  @Test(arguments: [0, -1, Double.nan, Double.infinity, -Double.infinity])
  func invalidMaxNormThrows(maxNorm: Double) {
    var gate = threeFourFive()
    let error = #expect(throws: GateKitError.self) { try gate.clipGradients(maxNorm: maxNorm) }
    guard case .invalidArgument(let operation, _) = error else {
      Issue.record("expected invalidArgument, got \(String(describing: error))")
      return
    }
    #expect(operation == "clipGradients")
    #expect(gate.weight.gradient == 3)
  }

  @Test func hugeFloatGradientsHaveAFiniteNorm() {
    // 3e30² = 9e60 overflows Float (largest ≈ 3.4e38); the norm is summed again in Double.
    var gate = Weights<Float>(weight: 0, bias: 0)
    gate.weight.gradient = 3e30
    gate.bias?.gradient = 4e30
    let norm = gate.gradientNorm
    #expect(norm.isFinite)
    // 3e30 and 4e30 are rounded to float32 (6e-8 relative), so the norm is 5e30 within 1e-7.
    #expect(Swift.abs(norm / 5e30 - 1) < 1e-7)
  }

  @Test func clippingHugeFloatGradientsGivesFiniteGradientsInTheSameDirection() throws {
    var gate = Weights<Float>(weight: [0, 0], bias: 0)
    gate.weight.gradient = [3e30, -1e30]
    gate.bias?.gradient = 4e30
    let norm = try gate.clipGradients(maxNorm: 1)
    // ‖g‖ = √(9 + 1 + 16)·1e30 = √26·1e30 = 5.0990195135927848e30; float32 inputs, 1e-7.
    #expect(Swift.abs(norm / 5.099_019_513_592_784_8e30 - 1) < 1e-7)
    let weight = gate.weight.gradient.scalars.map(\.doubleValue)
    let bias = try #require(gate.bias?.gradient.scalars.first).doubleValue
    // g/‖g‖ = [3, −1, 4]/√26; float32 rounding of inputs, factor and product: 1e-6.
    let expected = [
      0.588_348_405_414_552_096,  // 3/√26
      -0.196_116_135_138_184_032,  // −1/√26
      0.784_464_540_552_736_128,  // 4/√26
    ]
    for (value, expected) in zip(weight + [bias], expected) {
      #expect(value.isFinite)
      #expect(Swift.abs(value - expected) < 1e-6)
    }
    #expect(Swift.abs(gate.gradientNorm - 1) < 1e-6)
  }

  @Test func nonFiniteGradientsAreLeftAsTheyAre() throws {
    // Scaling an infinite gradient would give ∞·0 = NaN; clipping reports the norm and
    // leaves the gradients alone for the caller to detect.
    var gate = Weights<Double>(weight: [1, 1])
    gate.weight.gradient = [.infinity, 1]
    let norm = try gate.clipGradients(maxNorm: 1)
    #expect(norm == .infinity)
    #expect(gate.weight.gradient == [.infinity, 1])
  }
}
