import GateKit
import GateKitExamples
import Testing

@Suite("Fast mode and Float checks")
struct FastModeAndPrecisionTests {
  private static func model(_ wrong: (any Layer<Double>)? = nil) throws -> Sequential<Double> {
    var generator = SeededGenerator(seed: 11)
    return Sequential<Double>([
      try Dense(4, 6, using: &generator), Tanh(), wrong ?? Sigmoid(),
      try Dense(6, 3, using: &generator),
    ])
  }

  private let x: Tensor<Double>

  init() throws {
    var generator = SeededGenerator(seed: 12)
    x = try Tensor.normal(shape: [5, 4], using: &generator)
  }

  @Test func aCorrectModelPassesWithOneProjection() throws {
    let report = try GradientChecker(mode: .fast).check(Self.model(), inputs: [x])
    #expect(report.passed)
    #expect(report.entries.count == 1 && report.entries[0].kind == .projection)
    #expect(report.entries[0].shape == [5 * 4 + 4 * 6 + 6 + 6 * 3 + 3])
    #expect(report.mode == .fast)
  }

  @Test func aWrongGateFailsFastAndIsLocalizedInFull() throws {
    let report = try GradientChecker(mode: .fast).check(
      Self.model(SigmoidMissingFactor()), inputs: [x])
    #expect(!report.passed)
    #expect(report.blamedGates == ["layers.2 (SigmoidMissingFactor)"], "\(report)")
    // The failing leaf was checked element by element.
    let leaf = report.entries.filter { $0.gatePath == "layers.2" && $0.kind == .input }
    #expect(leaf.count == 1 && leaf[0].elements.count == 5 * 6)
  }

  @Test func floatChecksUseFloatSettingsAndSaySo() throws {
    let checker = GradientChecker(for: Float.self)
    #expect(checker.step == 1e-2 && checker.tolerance == 1e-2)
    #expect(GradientChecker(for: Double.self).tolerance == 1e-7)
    var generator = SeededGenerator(seed: 4)
    let model = try Sequential<Float>([
      Dense(3, 4, using: &generator), Tanh(), Dense(4, 2, using: &generator), Sigmoid(),
    ])
    let input = try Tensor<Float>.normal(shape: [4, 3], using: &generator)
    let report = try checker.check(model, inputs: [input])
    #expect(report.passed)
    #expect(report.scalarType == "Float")
    #expect(report.table.contains("a Float check: prefer checking in Double"))
  }

  /// Smooth built-in gates in Float pass with the Float defaults.
  @Test func smoothGatesPassInFloat() throws {
    var generator = SeededGenerator(seed: 5)
    let x = try Tensor<Float>.uniform(shape: [3, 4], low: 0.5, high: 2, using: &generator)
    let y = try Tensor<Float>.normal(shape: [3, 4], using: &generator)
    let w = try Tensor<Float>.normal(shape: [4, 2], using: &generator)
    let cases: [(any Gate<Float>, [Tensor<Float>])] = [
      (Sigmoid(), [y]), (Tanh(), [y]), (Exp(), [y]), (Log(), [x]), (Square(), [y]),
      (Reciprocal(), [x]), (Multiply(), [x, y]), (Divide(), [y, x]), (MatMul(), [y, w]),
      (try Dense(4, 3, using: &generator), [y]),
    ]
    var worst = 0.0
    for (gate, inputs) in cases {
      let report = try GradientChecker(for: Float.self, seed: 2).check(gate, inputs: inputs)
      #expect(report.passed)
      worst = Swift.max(worst, report.maxError)
    }
    // Measured 2.4e-4 (Docs/GradientChecking.md), well inside the 1e-2 tolerance.
    #expect(worst < 1e-3, "largest Float error \(worst)")
  }
}
