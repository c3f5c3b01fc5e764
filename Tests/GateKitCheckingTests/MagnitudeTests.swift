import GateKit
import Testing

/// Correct gates at large magnitudes pass (the step is chosen per element from the
/// truncation and rounding estimates); tiny gradients are checked against what the finite
/// difference resolves, not an absolute floor of 1; derivatives no step resolves are
/// inconclusive.
@Suite("No false alarms at large magnitudes, no misses at small ones")
struct MagnitudeTests {
  private static func around(_ center: Double, _ shape: [Int], seed: UInt64 = 3) throws
    -> Tensor<Double>
  {
    var generator = SeededGenerator(seed: seed)
    return try .uniform(shape: shape, low: 0.5 * center, high: 1.5 * center, using: &generator)
  }

  /// Every built-in gate with finite outputs there, at inputs around 10⁶ (where the old
  /// relative step of 10 spanned whole periods of sin, and rounding in `L` swamped the
  /// bias probe of a dense layer).
  @Test func correctGatesPassAroundAMillion() throws {
    let x = try Self.around(1e6, [3, 4])
    let y = try Self.around(1e6, [3, 4], seed: 4)
    var generator = SeededGenerator(seed: 5)
    let cases: [(any Gate<Double>, [Tensor<Double>])] = [
      (Square(), [x]), (Sin(), [x]), (Abs(), [x]), (ReLU(), [x]), (LeakyReLU(), [x]),
      (Sigmoid(), [x]), (Tanh(), [x]), (Reciprocal(), [x]), (Log(), [x]), (Negate(), [x]),
      (try Scale(2.5), [x]), (Sum(), [x]), (Add(), [x, y]), (Subtract(), [x, y]),
      (Multiply(), [x, y]), (Divide(), [x, y]), (Max(), [x, y]),
      (MatMul(), [x, try Self.around(1e6, [4, 2], seed: 6)]),
      (try Dense<Double>(4, 3, biasInitializer: .normal(), using: &generator), [x]),
    ]
    for (gate, inputs) in cases {
      let report = try GradientChecker().check(gate, inputs: inputs)
      #expect(report.passed)
    }
  }

  @Test func expPassesAtThirtyAndAHundred() throws {
    for x: Tensor<Double> in [[30, 30.5, 29], [100, 99.5, 101], [30, 60, 100]] {
      let report = try GradientChecker().check(Exp<Double>(), inputs: [x])
      #expect(report.passed)
    }
  }

  @Test func sinPassesNearAMillion() throws {
    for x: Tensor<Double> in [[1e6, 1e6 + 0.5, 999_999.25], try Self.around(1e6, [8])] {
      let report = try GradientChecker().check(Sin<Double>(), inputs: [x])
      #expect(report.passed)
    }
  }

  /// The bias of a dense layer fed values around 10⁶: its outputs are ~10⁷, so a step of
  /// 10⁻⁵ in the bias is swamped by rounding; a larger step resolves the (linear) function.
  @Test func aDenseLayerFedAMillionPasses() throws {
    var generator = SeededGenerator(seed: 7)
    let dense = try Dense<Double>(4, 3, biasInitializer: .normal(), using: &generator)
    let report = try GradientChecker().check(dense, inputs: [try Self.around(1e6, [5, 4])])
    #expect(report.passed)
    let bias = try #require(report.entries.first { $0.name == "bias" })
    #expect(bias.elements.allSatisfy { $0.resolution < 1e-3 * Swift.abs($0.analytic) })
  }

  /// `a + b` with `a` near 10¹³: a step of 10⁻⁵ in `b` vanishes against `a`'s spacing of
  /// 2·10⁻³; the checker goes to steps where the sum resolves it.
  @Test func anAddendThatDisappearsPasses() throws {
    let a = try Self.around(1e13, [3, 4])
    var generator = SeededGenerator(seed: 8)
    let b = try Tensor<Double>.normal(shape: [3, 4], using: &generator)
    let report = try GradientChecker().check(Add<Double>(), inputs: [a, b])
    #expect(report.passed)
    let small = report.entries[1].elements
    #expect(small.allSatisfy { $0.step > 1 }, "\(small.map(\.step))")
  }

  /// Wrong gates are still caught at these magnitudes.
  @Test func wrongGatesAreCaughtAroundAMillion() throws {
    var generator = SeededGenerator(seed: 9)
    let x = try Self.around(1e6, [5, 4])
    let wrong = DenseWithWrongWeightSign(inner: try Dense(4, 3, using: &generator))
    let report = try GradientChecker().check(wrong, inputs: [x])
    #expect(report.failures.map(\.name) == ["weight"], "\(report)")
    let product = try GradientChecker().check(
      MultiplyIgnoringUpstream(), inputs: [x, try Self.around(1e6, [5, 4], seed: 10)])
    #expect(product.blamedGates == ["MultiplyIgnoringUpstream"])
  }

  /// A sign error in gradients of order 10⁻⁸ passed the old `|a − n| / max(|a|, |n|, 1)`
  /// (an error of 2·10⁻⁸ < 10⁻⁷); the floor is now what the finite difference resolves.
  @Test func aSignErrorInATinyGradientIsCaught() throws {
    let x: Tensor<Double> = [0.3, -1.2, 2.0]
    let report = try GradientChecker().check(TinyScaleWithWrongSign(), inputs: [x])
    #expect(report.status == .failed, "\(report)")
    #expect(report.entries[0].elements.allSatisfy { $0.status == .failed && $0.resolution < 1e-12 })
    #expect(GradientChecker.error(analytic: -1e-8, numeric: 1e-8) < 1e-7)  // the old metric
    #expect(try GradientChecker().check(Scale<Double>(1e-8), inputs: [x]).passed)
  }

  @Test func theErrorFloorIsExplicit() {
    #expect(GradientChecker.error(analytic: -1e-8, numeric: 1e-8, floor: 1e-10) == 2)
    #expect(GradientChecker.error(analytic: 3, numeric: 3) == 0)
    #expect(GradientChecker.error(analytic: 2, numeric: 1, floor: 10) == 0.1)
  }

  /// Where no step can resolve the derivative — sin beyond 2⁵³ (the spacing of x exceeds
  /// its period), exp where it overflows — the element is inconclusive with a reason:
  /// neither a pass nor a failure.
  @Test func unresolvableDerivativesAreInconclusive() throws {
    let cases: [(any Gate<Double>, Tensor<Double>)] = [
      (Sin<Double>(), [1e17, 3e17]), (Exp<Double>(), [800, 1000]),
    ]
    for (gate, x) in cases {
      let report = try GradientChecker().check(gate, inputs: [x])
      #expect(report.status == .inconclusive, "\(report)")
      #expect(
        report.entries[0].elements.allSatisfy { $0.status == .inconclusive && $0.reason != nil })
      #expect(report.table.contains("INCONCLUSIVE"))
      #expect(report.entries[0].inconclusiveCount == 2)
    }
  }
}
